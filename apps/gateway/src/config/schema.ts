import { aliasBodySchema, providerBodySchema } from '@aurora/contract';
import { z } from 'zod';

// 0 asks the OS for a free port (tests, sidecars).
const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

export const configSchema = z
  .object({
    port: port.default(8080),
    host: z.string().min(1).default('0.0.0.0'),
    master_key: z.string().min(16, 'must be at least 16 characters').optional(),
    database_url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    data_dir: z.string().min(1).default('./.aurora'),
    enable_anthropic_ingress: flag.default(true),
    enable_openai_ingress: flag.default(true),
    connect_timeout_ms: positiveMs.default(10_000),
    first_byte_timeout_ms: positiveMs.default(300_000),
    idle_timeout_ms: positiveMs.default(300_000),
    shutdown_timeout_ms: positiveMs.default(10_000),
    max_body_bytes: z.coerce
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024),
    // A JSON answer, or one SSE line of a streamed answer, past this is refused with a 502.
    max_upstream_answer_bytes: z.coerce
      .number()
      .int()
      .positive()
      .default(32 * 1024 * 1024),
    // Translated conversation turns kept for the next request of the same conversation (0: none).
    translation_cache_bytes: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(64 * 1024 * 1024),
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    log_bodies: flag.default(false),
    log_retention_days: z.coerce.number().int().positive().default(30),
    encryption_key: z.string().min(16, 'must be at least 16 characters').optional(),
    previous_encryption_key: z.string().min(16, 'must be at least 16 characters').optional(),
    redis_url: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    // The alias that answers Claude Code's auto-mode checks for providers that cannot; absent → `unsupported`.
    auto_mode_judge: z.string().min(1).optional(),
    auto_mode_judge_timeout_ms: positiveMs.default(60_000),
    // While Redis is unreachable: admit on this instance's own counts, or refuse limited keys.
    redis_failure_mode: z.enum(['fail-open', 'fail-closed']).default('fail-open'),
    // A Redis command slower than this counts as an outage (then Redis is skipped until it answers).
    redis_timeout_ms: positiveMs.default(500),
    // How often each instance checks the registry revision when no notice prompts it.
    registry_sync_interval_ms: positiveMs.default(1_000),
    // An entry is exactly the admin API's body: one schema for both.
    providers: z.array(providerBodySchema).default([]),
    aliases: z.array(aliasBodySchema).default([]),
  })
  .strict();

export type AuroraConfig = z.infer<typeof configSchema>;

/** Scalar keys that `AURORA_<KEY>` can override. */
export const scalarConfigKeys = Object.keys(configSchema.shape).filter(
  (key) => key !== 'providers' && key !== 'aliases',
) as (keyof AuroraConfig)[];
