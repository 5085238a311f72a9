import { Hono } from 'hono';

export interface ReadinessProbe {
  ping(): Promise<void>;
}

export function healthRoutes(database: ReadinessProbe): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/ready', async (c) => {
    try {
      await database.ping();
      return c.json({ status: 'ready', database: 'ok' });
    } catch (error) {
      return c.json({ status: 'not_ready', database: (error as Error).message }, 503);
    }
  });
  return app;
}
