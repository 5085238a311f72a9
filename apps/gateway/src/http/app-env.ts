import type { ApiKey } from '@aurora/db';
import type { HttpBindings } from '@hono/node-server';
import type { Caller } from '../caller.js';
import type { RequestBody } from './request-body.js';

/**
 * What the middleware leaves on the context for the routes; under the node server, its request and
 * response (absent when the app is called with `app.request`).
 */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: { requestId: string; caller: Caller<ApiKey>; body: RequestBody | undefined };
};
