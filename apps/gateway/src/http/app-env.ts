import type { ApiKey } from '@aurora/db';
import type { Caller } from '../caller.js';

/** What the middleware leaves on the context for the routes. */
export type AppEnv = {
  Variables: { requestId: string; caller: Caller<ApiKey>; bodyText: string | undefined };
};
