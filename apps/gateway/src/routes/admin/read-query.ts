import type { Context } from 'hono';
import type { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error.js';
import { describeZodError } from '../../http/json-body.js';

/** Parses the query string against `schema`; a bad parameter is a 400 naming it, like a bad body field. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    const { field, message } = describeZodError(result.error);
    throw new GatewayError('invalid_request_error', message, { field });
  }
  return result.data;
}
