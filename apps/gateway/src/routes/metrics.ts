import { Hono } from 'hono';
import type { GatewayMetrics } from '../usage/metrics.js';

/** `GET /metrics` in Prometheus text format; labels hold alias and provider names, never secrets. */
export function metricsRoutes(metrics: GatewayMetrics): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );
  return app;
}
