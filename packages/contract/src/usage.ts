import { z } from 'zod';
import { instantSchema, orderedRange, orderedRangeError } from './common.js';

export const usageGroupings = ['day', 'hour', 'key', 'alias'] as const;
export type UsageGrouping = (typeof usageGroupings)[number];

/** `GET /admin/api/usage`: [from, to) defaults to the last 30 days, grouped by day. */
export const usageQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    group_by: z.enum(usageGroupings).default('day'),
  })
  .refine(orderedRange, orderedRangeError);
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const usageRowSchema = z.object({
  /**
   * The day (`YYYY-MM-DD`, UTC), hour (`YYYY-MM-DDTHH:00Z`), key id or alias name; null for the
   * master key or no alias.
   */
  group: z.string().nullable(),
  /** A readable name where `group` is an id: the key's name, or "master key". */
  label: z.string().optional(),
  requests: z.number().int(),
  /**
   * Requests that reached a provider and failed; a burst of identical retries (one session, same
   * status and error type, same five minutes) counts once.
   */
  errors: z.number().int(),
  /** Requests the gateway turned away: no or a bad key, unknown alias, budget (403), limit (429). */
  refused: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  cost_usd: z.number(),
  /** Latency percentiles over answered requests only; null when none was answered. */
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;
