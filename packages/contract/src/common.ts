import { z } from 'zod';

/** Times travel as ISO 8601 strings with an offset: what `JSON.stringify` makes of a Date. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A time bound in a query string: a full timestamp, or a date meaning its UTC midnight. */
export const instantSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** The shape of every admin list; `next_cursor` is null on the last page. */
export function listEnvelopeSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}
export interface ListEnvelope<T> {
  data: T[];
  next_cursor: string | null;
}

// Query strings carry text, hence the coercion.
export const pageLimitSchema = z.coerce.number().int().min(1).max(500);

/** Paging of providers, aliases and keys. */
export const pageQuerySchema = z.object({
  limit: pageLimitSchema.optional(),
  cursor: z.string().min(1).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** Every admin error; `field` is the dotted path of the first bad field (`fallbacks.0.model`). */
export const adminErrorSchema = z.object({
  error: z.object({ type: z.string(), message: z.string(), field: z.string().optional() }),
});
export type AdminError = z.infer<typeof adminErrorSchema>;

/** `GET /admin/api/whoami`: only the master key gets an answer; the UI's login check. */
export const whoamiSchema = z.object({ role: z.literal('master') });
export type Whoami = z.infer<typeof whoamiSchema>;

/** `from` must come before `to` when both are given; the error points at `from`. */
export function orderedRange(range: { from?: string | undefined; to?: string | undefined }): boolean {
  return range.from === undefined || range.to === undefined || Date.parse(range.from) < Date.parse(range.to);
}
export const orderedRangeError = { path: ['from'], error: 'from must be earlier than to' };
