/**
 * Request bodies of the admin API (SPEC §4), validated in forms before they are sent.
 * Self-contained on purpose: it imports only zod, so it can move to a package that the gateway
 * imports too, and both sides then validate with the same schema.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

export const providerKinds = ['openai', 'anthropic'] as const;

export const providerBodySchema = z.object({
  name: z
    .string()
    .min(1, 'Name is required')
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, ".", "_" or "-"'),
  preset: z.string().min(1).optional(),
  kind: z.enum(providerKinds).optional(),
  base_url: z
    .url({ protocol: /^https?$/, error: 'Enter a full http(s) URL such as https://api.example.com/v1' })
    .optional(),
  api_key: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  quirks: z.record(z.string(), z.unknown()).optional(),
  allow_direct: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export const providerPatchSchema = providerBodySchema.partial();
export type ProviderBody = z.infer<typeof providerBodySchema>;

export const fallbackSchema = z.object({
  provider: z.string().min(1, 'Choose a provider'),
  model: z.string().min(1, 'Model is required'),
});

export const aliasBodySchema = z.object({
  name: z.string().min(1, 'Name is required'),
  provider: z.string().min(1, 'Choose a provider'),
  model: z.string().min(1, 'Model is required'),
  max_output_tokens: positiveInt.optional(),
  context_window: positiveInt.optional(),
  reasoning: z.boolean().optional(),
  supports_tools: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  fallbacks: z.array(fallbackSchema).optional(),
  input_price_per_mtok: z.number().nonnegative().optional(),
  output_price_per_mtok: z.number().nonnegative().optional(),
  enabled: z.boolean().optional(),
});
export const aliasPatchSchema = aliasBodySchema.partial();
export type AliasBody = z.infer<typeof aliasBodySchema>;

export const keyBodySchema = z.object({
  name: z.string().min(1, 'Name is required'),
  expires_at: z.iso.datetime({ offset: true }).optional(),
  allowed_aliases: z.array(z.string().min(1)).optional(),
  rpm_limit: positiveInt.optional(),
  tpm_limit: positiveInt.optional(),
  budget_tokens: positiveInt.optional(),
  budget_usd: z.number().positive().optional(),
});
export const keyPatchSchema = keyBodySchema.partial();
export type KeyBody = z.infer<typeof keyBodySchema>;

export const usageGroupings = ['day', 'key', 'alias'] as const;
export type UsageGrouping = (typeof usageGroupings)[number];
