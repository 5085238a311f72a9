import { z } from 'zod';
import { aliasNameSchema, judgeAliasSchema } from './aliases.js';
import { timestampSchema } from './common.js';

const positiveInt = z.number().int().positive();
// A key that expires before it is created could never be used.
const futureTimestamp = timestampSchema.refine((value) => Date.parse(value) > Date.now(), {
  error: 'The expiry is in the past: choose a later date',
});
const allowList = z.array(aliasNameSchema);

/** The body of a key; `allowed_aliases` holds alias names or globs, absent meaning every alias. */
export const keyBodySchema = z.object({
  name: z.string().min(1, 'Name is required'),
  expires_at: futureTimestamp.optional(),
  allowed_aliases: allowList.optional(),
  rpm_limit: positiveInt.optional(),
  tpm_limit: positiveInt.optional(),
  budget_tokens: positiveInt.optional(),
  budget_usd: z.number().positive().optional(),
  /** Judges auto mode's checks for this key's requests, before the alias's judge and the gateway's. */
  auto_mode_judge: judgeAliasSchema.optional(),
});
export type KeyBody = z.infer<typeof keyBodySchema>;

/** A patch changes only the fields it sets; `null` lifts an expiry, allow-list, limit, budget or judge. */
export const keyPatchSchema = keyBodySchema.partial().extend({
  auto_mode_judge: judgeAliasSchema.nullable().optional(),
  expires_at: futureTimestamp.nullable().optional(),
  allowed_aliases: allowList.nullable().optional(),
  rpm_limit: positiveInt.nullable().optional(),
  tpm_limit: positiveInt.nullable().optional(),
  budget_tokens: positiveInt.nullable().optional(),
  budget_usd: z.number().positive().nullable().optional(),
});
export type KeyPatch = z.infer<typeof keyPatchSchema>;

/** A managed key as the admin API answers it: never the secret, with this month's spend (UTC). */
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  created_at: timestampSchema,
  last_used_at: timestampSchema.nullable(),
  expires_at: timestampSchema.nullable(),
  revoked_at: timestampSchema.nullable(),
  allowed_aliases: z.array(z.string()).nullable(),
  rpm_limit: z.number().int().nullable(),
  tpm_limit: z.number().int().nullable(),
  budget_tokens: z.number().int().nullable(),
  budget_usd: z.number().nullable(),
  auto_mode_judge: z.string().nullable(),
  spend_usd: z.number(),
  spend_tokens: z.number().int(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to creating a key: the only time the full key is ever shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
