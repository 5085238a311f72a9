import type { Context } from 'hono';
import type { z } from 'zod';
import { GatewayError } from '../errors/gateway-error.js';
import { MAX_JSON_DEPTH, tooDeepPath } from './json-depth.js';
import { readRequestBody } from './request-body.js';

/** The first problem of a failed parse, as a message and the dotted path a client can act on. */
export function describeZodError(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return { field, message: field ? `${field}: ${issue.message}` : issue.message };
}

/** The body as text (size already bounded by the body-limit middleware). */
export async function readBodyText(c: Context): Promise<string> {
  return (await readRequestBody(c)).text;
}

/**
 * Parses JSON text against `schema`, refusing with a 400 that names the first bad field. `raw` is the
 * body as sent, for passthrough: the schema output has unknown blocks reduced to placeholders.
 */
export function parseJsonBody<S extends z.ZodType>(
  text: string,
  schema: S,
): { raw: unknown; data: z.output<S> } {
  const deep = tooDeepPath(text);
  if (deep) {
    // The path up to its last key within the first few steps says where to look; the rest of a
    // 128-step path of brackets helps nobody.
    const head = deep.slice(0, 8);
    const lastKey = head.findLastIndex((segment) => typeof segment === 'string');
    const field = head
      .slice(0, lastKey + 1)
      .map(String)
      .join('.');
    throw new GatewayError(
      'invalid_request_error',
      `${field || 'body'}: nested deeper than ${MAX_JSON_DEPTH} levels`,
      { field: field || 'body' },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GatewayError('invalid_request_error', 'The request body is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const { field, message } = describeZodError(result.error);
    throw new GatewayError('invalid_request_error', message, { field });
  }
  return { raw, data: result.data };
}

export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseJsonBody(await readBodyText(c), schema).data;
}
