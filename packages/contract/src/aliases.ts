import { z } from 'zod';
import { timestampSchema } from './common.js';

const positiveInt = z.number().int().positive();
const price = z.number().nonnegative();

export const fallbackSchema = z.object({
  provider: z.string().min(1, 'Choose a provider'),
  model: z.string().min(1, 'Model is required'),
});
export type Fallback = z.infer<typeof fallbackSchema>;

/**
 * One rule for alias names and for the entries of a key's allow-list: model-name characters plus the
 * glob marks `*` and `?` (Claude Code sends names like `claude-haiku-4-5-20251001`; spaces never).
 */
export const aliasNamePattern = /^[A-Za-z0-9._:/@*?-]+$/;
export const aliasNameSchema = z
  .string()
  .min(1, 'Name is required')
  .regex(aliasNamePattern, 'Use letters, digits and . _ - : / @, with * or ? as wildcards; no spaces');

/**
 * The alias that answers auto mode's checks, named as a request would name it (no wildcards); the
 * gateway refuses one that matches no alias when it is written.
 */
export const judgeAliasSchema = z
  .string()
  .min(1, 'Name the judge alias, or leave the field out')
  .regex(/^[A-Za-z0-9._:/@-]+$/, 'Name one alias: letters, digits and . _ - : / @; no wildcards or spaces');

/** An alias body is its aurora.yaml entry plus `enabled` and prices per million tokens. */
export const aliasBodySchema = z.object({
  name: aliasNameSchema,
  provider: z.string().min(1, 'Choose a provider'),
  model: z.string().min(1, 'Model is required'),
  max_output_tokens: positiveInt.optional(),
  context_window: positiveInt.optional(),
  reasoning: z.boolean().optional(),
  supports_tools: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  fallbacks: z.array(fallbackSchema).optional(),
  input_price_per_mtok: price.optional(),
  output_price_per_mtok: price.optional(),
  /** Prompt tokens read from the provider's cache; absent charges them at the input price. */
  cached_input_price_per_mtok: price.optional(),
  /** Judges auto mode's checks for requests to this alias, unless the key names its own judge. */
  auto_mode_judge: judgeAliasSchema.optional(),
  enabled: z.boolean().optional(),
});
export type AliasBody = z.infer<typeof aliasBodySchema>;

/** A patch changes only the fields it sets; `null` clears a limit, a price or the judge. */
export const aliasPatchSchema = aliasBodySchema.partial().extend({
  auto_mode_judge: judgeAliasSchema.nullable().optional(),
  max_output_tokens: positiveInt.nullable().optional(),
  context_window: positiveInt.nullable().optional(),
  input_price_per_mtok: price.nullable().optional(),
  output_price_per_mtok: price.nullable().optional(),
  cached_input_price_per_mtok: price.nullable().optional(),
});
export type AliasPatch = z.infer<typeof aliasPatchSchema>;

/** An alias as the admin API answers it; `provider` names its provider by name. */
export const aliasSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  provider: z.string(),
  model: z.string(),
  fallbacks: z.array(fallbackSchema),
  max_output_tokens: z.number().int().nullable(),
  context_window: z.number().int().nullable(),
  reasoning: z.boolean(),
  supports_tools: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  input_price_per_mtok: z.number().nullable(),
  output_price_per_mtok: z.number().nullable(),
  cached_input_price_per_mtok: z.number().nullable(),
  auto_mode_judge: z.string().nullable(),
  enabled: z.boolean(),
  from_config: z.boolean(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type Alias = z.infer<typeof aliasSchema>;
