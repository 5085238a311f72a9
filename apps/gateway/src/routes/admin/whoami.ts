import type { Whoami } from '@aurora/contract';
import { Hono } from 'hono';

/** The UI's login check: reaching this handler means the admin auth accepted the master key. */
export function whoamiRoutes(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json({ role: 'master' } satisfies Whoami));
  return app;
}
