import { type Whoami, whoamiSchema } from '@aurora/contract';
import { DocumentedRouter, ok } from './documented-router.js';

/** The UI's login check: reaching this handler means the admin auth accepted the master key. */
export function whoamiRoutes(): DocumentedRouter {
  return new DocumentedRouter().route(
    {
      method: 'get',
      path: '/',
      summary: 'Answers 200 to the master key: the login check',
      response: ok(whoamiSchema),
    },
    (c) => c.json({ role: 'master' } satisfies Whoami),
  );
}
