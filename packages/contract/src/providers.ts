import { type Protocol, protocols } from '@aurora/translate/protocols';
import { z } from 'zod';
import { timestampSchema } from './common.js';

/** A provider's kind is the protocol it answers in. */
export const providerKinds = protocols;
export type ProviderKind = Protocol;

/** A provider body is its aurora.yaml entry plus `enabled`. */
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
export type ProviderBody = z.infer<typeof providerBodySchema>;

/** A patch changes only the fields it sets; `null` removes the stored API key or the preset. */
export const providerPatchSchema = providerBodySchema.partial().extend({
  preset: z.string().min(1).nullable().optional(),
  api_key: z.string().min(1).nullable().optional(),
});
export type ProviderPatch = z.infer<typeof providerPatchSchema>;

/** A provider as the admin API answers it: the secret itself is never returned, only whether one is set. */
export const providerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(providerKinds),
  base_url: z.string(),
  preset: z.string().nullable(),
  api_key_set: z.boolean(),
  headers: z.record(z.string(), z.string()),
  quirks: z.record(z.string(), z.unknown()),
  allow_direct: z.boolean(),
  enabled: z.boolean(),
  from_config: z.boolean(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type Provider = z.infer<typeof providerSchema>;

/** A known provider (`GET /admin/api/provider-presets`): what `preset: <name>` fills in. */
export const providerPresetSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(providerKinds),
  base_url: z.string(),
  quirks: z.record(z.string(), z.unknown()),
  docs_url: z.string(),
});
export type ProviderPreset = z.infer<typeof providerPresetSchema>;

/** `POST /admin/api/providers/:id/test`: the upstream's model ids, or why it could not list them. */
export const providerTestResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), models: z.array(z.string()), latency_ms: z.number() }),
  z.object({
    ok: z.literal(false),
    /** The upstream's HTTP status; absent when it could not be reached at all. */
    status: z.number().int().optional(),
    message: z.string(),
    latency_ms: z.number(),
  }),
]);
export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;
