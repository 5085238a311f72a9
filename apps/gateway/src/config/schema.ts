import { z } from 'zod';

// 0 asks the OS for a free port (tests, sidecars).
const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** A provider entry as written in aurora.yaml (and, plus `enabled`, as the admin API's body). */
export const providerEntrySchema = z.object({
  name: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
  preset: z.string().min(1).optional(),
  kind: z.enum(['openai', 'anthropic']).optional(),
  base_url: z.url().optional(),
  api_key: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  quirks: z.record(z.string(), z.unknown()).optional(),
  allow_direct: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const fallbackSchema = z.object({ provider: z.string().min(1), model: z.string().min(1) });

/** An alias entry as written in aurora.yaml (and, plus `enabled`, as the admin API's body). */
export const aliasEntrySchema = z.object({
  name: z.string().min(1),
  provider: z.string().min(1),
  model: z.string().min(1),
  max_output_tokens: z.number().int().positive().optional(),
  context_window: z.number().int().positive().optional(),
  reasoning: z.boolean().optional(),
  supports_tools: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  fallbacks: z.array(fallbackSchema).optional(),
  input_price_per_mtok: z.number().nonnegative().optional(),
  output_price_per_mtok: z.number().nonnegative().optional(),
  enabled: z.boolean().optional(),
});

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
    log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    log_bodies: flag.default(false),
    log_retention_days: z.coerce.number().int().positive().default(30),
    encryption_key: z.string().min(16, 'must be at least 16 characters').optional(),
    previous_encryption_key: z.string().min(16, 'must be at least 16 characters').optional(),
    redis_url: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    providers: z.array(providerEntrySchema).default([]),
    aliases: z.array(aliasEntrySchema).default([]),
  })
  .strict();

export type AuroraConfig = z.infer<typeof configSchema>;
export type ProviderEntry = z.infer<typeof providerEntrySchema>;
export type AliasEntry = z.infer<typeof aliasEntrySchema>;

/** Scalar keys that `AURORA_<KEY>` can override. */
export const scalarConfigKeys = Object.keys(configSchema.shape).filter(
  (key) => key !== 'providers' && key !== 'aliases',
) as (keyof AuroraConfig)[];
