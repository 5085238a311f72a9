import { Hono } from 'hono';
import type { RegistryStatus } from '../registry/registry.js';

export interface ReadinessProbe {
  ping(): Promise<void>;
}

export function healthRoutes(database: ReadinessProbe, registryStatus: () => RegistryStatus): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    const { revision, lastSyncAt, failures } = registryStatus();
    // Which changes this instance serves, and how long ago it last confirmed they are current.
    const registry = { revision, synced_ms_ago: Date.now() - lastSyncAt, sync_failures: failures };
    try {
      await database.ping();
      return c.json({ status: 'ready', database: 'ok', registry });
    } catch (error) {
      return c.json({ status: 'not_ready', database: (error as Error).message, registry }, 503);
    }
  });
  return app;
}
