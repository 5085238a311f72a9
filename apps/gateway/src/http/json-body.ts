import type { Context } from 'hono';
import type { z } from 'zod';
import { GatewayError } from './errors.js';

/** The first problem of a failed parse, as a message and the dotted path a client can act on. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}

/** Parses the JSON body (size already bounded by the body-limit middleware) against `schema`. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse((c.get('bodyText') as string | undefined) ?? (await c.req.text()));
  } catch {
    throw new GatewayError('invalid_request_error', 'The request body is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const { field, message } = describeZodError(result.error);
    throw new GatewayError('invalid_request_error', message, { field });
  }
  return result.data;
}
