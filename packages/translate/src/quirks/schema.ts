import { z } from 'zod';
import { protocols } from '../protocols.js';

/**
 * How one OpenAI-compatible provider deviates from OpenAI (the table in docs/providers.md). Every key has a default so `{}` means "behaves like OpenAI".
 */
export const quirksSchema = z.object({
  max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  merge_system_messages: z.boolean().default(false),
  reasoning_passback: z
    .enum(['none', 'reasoning_content', 'reasoning_details', 'think_tags'])
    .default('none'),
  think_tags: z.boolean().default(false),
  thinking_param: z
    .enum(['reasoning_effort', 'thinking', 'reasoning', 'enable_thinking', 'none'])
    .default('reasoning_effort'),
  extra_body: z.record(z.string(), z.unknown()).default({}),
  /** JSON-Schema keywords removed from tool schemas; `format:uri` removes `format` only when it is `uri`. */
  schema_strip: z.array(z.string()).default([]),
  stream_usage: z.boolean().default(true),
  cache_control: z.boolean().default(false),
  /** `alphanumeric9`: Mistral accepts only ids of exactly nine characters from [a-zA-Z0-9]. */
  tool_call_id: z.enum(['any', 'alphanumeric9']).default('any'),
  top_k: z.boolean().default(false),
  max_stop_sequences: z.number().int().nonnegative().default(4),
  response_format: z.enum(['json_schema', 'json_object', 'none']).default('json_schema'),
  parallel_tool_calls: z.boolean().default(true),
  /** Whether the provider takes `user`; strict providers refuse unknown body keys. */
  user_field: z.boolean().default(true),
  /** Whether PDF documents may go up as `file` parts; otherwise they are replaced by a note. */
  file_parts: z.boolean().default(false),
  /**
   * Whether each tool call's `extra_content` (Gemini's thought signature) must come back with the call;
   * a call the provider did not make gets the placeholder its docs accept.
   */
  tool_call_extra: z.boolean().default(false),
});
export type Quirks = z.output<typeof quirksSchema>;
export type QuirksInput = z.input<typeof quirksSchema>;

type QuirkShape = typeof quirksSchema.shape;

/** The same keys without defaults: what a preset or an operator sets, and nothing else. */
export const quirkOverridesSchema = z.object(
  Object.fromEntries(
    Object.entries(quirksSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as {
    [K in keyof QuirkShape]: z.ZodOptional<ReturnType<QuirkShape[K]['unwrap']>>;
  },
);
export type QuirkOverrides = z.infer<typeof quirkOverridesSchema>;

export const quirkPresetSchema = z.object({
  label: z.string(),
  kind: z.enum(protocols),
  baseUrl: z.string(),
  quirks: quirkOverridesSchema,
  docsUrl: z.string(),
});
export type QuirkPreset = z.infer<typeof quirkPresetSchema>;
