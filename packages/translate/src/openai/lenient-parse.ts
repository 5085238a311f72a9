import type { z } from 'zod';

/** What a lenient parse had to leave out: the field's path and why, for a warning naming it. */
export interface DroppedField {
  path: string;
  reason: string;
}

// Fields that carry what the model said: losing one of them must reach the client as an error.
const CONTENT_FIELDS = new Set([
  'choices',
  'message',
  'delta',
  'content',
  'refusal',
  'reasoning',
  'reasoning_content',
  'reasoning_details',
  'tool_calls',
  'function',
  'arguments',
  'name',
]);

/** Whether a dropped field held (part of) the model's answer rather than metadata such as usage. */
export function isContentField(path: string): boolean {
  const keys = path.split('.').filter((key) => !/^\d+$/.test(key));
  return keys.length > 0 && !keys.includes('usage') && keys.every((key) => CONTENT_FIELDS.has(key));
}

const MAX_REPAIRS = 32;

/**
 * Parses upstream JSON with a schema, leaving out (and reporting) each field whose shape the schema
 * does not accept instead of refusing the whole value, so one odd field never costs the rest of the
 * answer. Returns null when even the bare structure is missing.
 */
export function parseLeniently<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { value: z.output<S>; dropped: DroppedField[] } | { value: null; dropped: DroppedField[] } {
  const dropped: DroppedField[] = [];
  let current = input;
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    const result = schema.safeParse(current);
    if (result.success) return { value: result.data, dropped };
    if (attempt === 0) current = structuredClone(input);
    // One field at a time: removing an array element shifts the paths of the other issues.
    // A required field that is missing takes the object holding it along.
    const issue = result.error.issues[0]!;
    let path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    while (path.length > 0 && !removeAt(current, path)) path = path.slice(0, -1);
    if (path.length === 0) break;
    dropped.push({ path: path.join('.'), reason: issue.message });
  }
  return { value: null, dropped };
}

function removeAt(root: unknown, path: (string | number)[]): boolean {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(node) && typeof last === 'number') {
    if (last >= node.length) return false;
    node.splice(last, 1);
    return true;
  }
  if (!node || typeof node !== 'object' || !(last in node)) return false;
  delete (node as Record<string | number, unknown>)[last];
  return true;
}
