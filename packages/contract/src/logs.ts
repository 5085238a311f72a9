import { protocols } from '@aurora/translate/protocols';
import { z } from 'zod';
import {
  instantSchema,
  orderedRange,
  orderedRangeError,
  pageLimitSchema,
  timestampSchema,
} from './common.js';

export const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof statusClasses)[number];

/** An exact status (`429`) or a whole class (`4xx`), as the logs page filters. */
export const statusFilterSchema = z.union([z.enum(statusClasses), z.coerce.number().int().min(100).max(599)]);

/** `GET /admin/api/logs`: newest first, one page at a time; `to` is exclusive. */
export const logsQuerySchema = z
  .object({
    limit: pageLimitSchema.optional(),
    cursor: z.string().min(1).optional(),
    key_id: z.uuid().optional(),
    alias: z.string().min(1).optional(),
    session_id: z.string().min(1).optional(),
    request_id: z.string().min(1).optional(),
    status: statusFilterSchema.optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
  })
  .refine(orderedRange, orderedRangeError);
export type LogsQuery = z.infer<typeof logsQuerySchema>;

/** One target tried: what it answered (0: never answered), its retries included in `tries`. */
export const attemptLogEntrySchema = z.object({
  provider: z.string(),
  model: z.string(),
  status: z.number().int(),
  tries: z.number().int(),
  ms: z.number(),
  error: z.string().optional(),
});
export type AttemptLogEntry = z.infer<typeof attemptLogEntrySchema>;

/** One request's log row, without the optional bodies. */
export const requestLogSchema = z.object({
  id: z.uuid(),
  created_at: timestampSchema,
  request_id: z.string().nullable(),
  key_id: z.uuid().nullable(),
  /** The display prefix of the key presented, also for a refused key that matched none. */
  key_prefix: z.string().nullable(),
  /** The key's current name; null for the master key or a key since deleted. */
  key_name: z.string().nullable(),
  alias: z.string().nullable(),
  provider: z.string().nullable(),
  upstream_model: z.string().nullable(),
  ingress: z.enum(protocols),
  streamed: z.boolean(),
  status: z.number().int(),
  error_type: z.string().nullable(),
  error_message: z.string().nullable(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  cost_usd: z.number().nullable(),
  latency_ms: z.number().int(),
  ttfb_ms: z.number().int().nullable(),
  attempts: z.number().int(),
  attempt_log: z.array(attemptLogEntrySchema).nullable(),
  session_id: z.string().nullable(),
});
export type RequestLog = z.infer<typeof requestLogSchema>;

/** `GET /admin/api/logs/:id`: the row with its bodies (null unless `log_bodies` was on). */
export const requestLogDetailSchema = requestLogSchema.extend({
  request_body: z.unknown().nullable(),
  response_body: z.unknown().nullable(),
});
export type RequestLogDetail = z.infer<typeof requestLogDetailSchema>;
