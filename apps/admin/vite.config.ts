import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// During `vite dev`, API calls go to a running gateway so the SPA can be developed against real data.
const gatewayUrl = process.env.AURORA_URL ?? 'http://localhost:8080';

export default defineConfig({
  // The gateway serves the built SPA under /ui/, so every asset URL must carry that prefix.
  base: '/ui/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets' },
  server: {
    proxy: {
      '/admin/api': gatewayUrl,
      '/v1': gatewayUrl,
    },
  },
});
