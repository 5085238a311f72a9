import { z } from 'zod';

/** What an unrecognised content block or part becomes after parsing: a marker that translators drop. */
const unknownBlockSchema = z.object({ type: z.literal('unknown'), original_type: z.string() });
type UnknownBlock = z.infer<typeof unknownBlockSchema>;

const typedObject = z.looseObject({ type: z.string() });

/**
 * A discriminated union that never fails on an unknown `type` (unknown block types are
 * dropped, not refused) yet still reports wrong field types of known blocks at the field's path,
 * which a plain `z.union` with a catch-all branch would hide.
 */
export function tolerantUnion<S extends z.ZodType<{ type: string }>>(
  known: S,
  knownTypes: readonly string[],
) {
  const types = new Set(knownTypes);
  return typedObject.transform((value, ctx): z.output<S> | UnknownBlock => {
    if (!types.has(value.type)) return { type: 'unknown', original_type: value.type };
    const parsed = known.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: value });
    }
    return z.NEVER;
  });
}

/**
 * `string | T[]` that, unlike `z.union`, reports a bad array element at its own path
 * (`messages.0.content.1.text`) instead of a bare "invalid input" on the whole field.
 */
export function stringOrArray<T extends z.ZodType>(item: T) {
  const array = z.array(item);
  return z.unknown().transform((value, ctx): string | z.output<T>[] => {
    if (typeof value === 'string') return value;
    if (!Array.isArray(value)) {
      ctx.issues.push({
        code: 'custom',
        message: 'Invalid input: expected a string or an array',
        input: value,
      });
      return z.NEVER;
    }
    const parsed = array.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: value });
    }
    return z.NEVER;
  });
}
