import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { readJsonBody } from '../../http/json-body.js';
import { readQuery } from './read-query.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * One admin route as it is served and documented; `path` is relative to its router, in OpenAPI's
 * `{param}` form. The handler receives the query and body parsed with these very schemas, so the
 * OpenAPI document cannot describe anything other than what the route accepts.
 */
export interface AdminOperation<
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method;
  path: string;
  summary: string;
  query?: Q;
  body?: B;
  /** 204 when absent. */
  response?: { status: 200 | 201; schema: z.ZodType };
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export const ok = (schema: z.ZodType) => ({ status: 200 as const, schema });
export const created = (schema: z.ZodType) => ({ status: 201 as const, schema });

/** A Hono router that records each route's operation as it registers it. */
export class DocumentedRouter {
  readonly app = new Hono();
  readonly operations: AdminOperation[] = [];

  route<Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
    operation: AdminOperation<Q, B>,
    handler: (c: Context, input: { query: Parsed<Q>; body: Parsed<B> }) => Response | Promise<Response>,
  ): this {
    this.operations.push(operation);
    const path = operation.path.replace(/\{(\w+)\}/g, ':$1');
    this.app.on(operation.method.toUpperCase(), path, async (c) => {
      const query = (operation.query ? readQuery(c, operation.query) : undefined) as Parsed<Q>;
      const body = (operation.body ? await readJsonBody(c, operation.body) : undefined) as Parsed<B>;
      return handler(c, { query, body });
    });
    return this;
  }
}

/** The `{id}` of a route's path; the router only calls a handler when the path had one. */
export function pathId(c: Context): string {
  return c.req.param('id') ?? '';
}
