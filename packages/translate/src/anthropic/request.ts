import { z } from 'zod';
import { stringOrArray, tolerantUnion } from '../zod-unions.js';

// Anthropic Messages API request. Objects are loose: fields we do not know pass validation and are
// dropped (and reported) by the translators; fields we know are type-checked.

const cacheControlSchema = z.looseObject({ type: z.string() });

const textBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.nullish(),
});

/** base64 → `media_type` + `data`; url → `url`; other source kinds are kept loosely and dropped later. */
const mediaSourceSchema = z.looseObject({
  type: z.string(),
  media_type: z.string().optional(),
  data: z.string().optional(),
  url: z.string().optional(),
});

const imageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: mediaSourceSchema,
  cache_control: cacheControlSchema.nullish(),
});

const documentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: mediaSourceSchema.extend({ content: z.union([z.string(), z.array(z.unknown())]).optional() }),
  title: z.string().nullish(),
  context: z.string().nullish(),
  cache_control: cacheControlSchema.nullish(),
});

const toolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  cache_control: cacheControlSchema.nullish(),
});

const toolResultContentBlockSchema = tolerantUnion(
  z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, documentBlockSchema]),
  ['text', 'image', 'document'],
);

const toolResultBlockSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: stringOrArray(toolResultContentBlockSchema).nullish(),
  is_error: z.boolean().nullish(),
  cache_control: cacheControlSchema.nullish(),
});

const thinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().nullish(),
});

const redactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});

const requestContentBlockSchema = tolerantUnion(
  z.discriminatedUnion('type', [
    textBlockSchema,
    imageBlockSchema,
    documentBlockSchema,
    toolUseBlockSchema,
    toolResultBlockSchema,
    thinkingBlockSchema,
    redactedThinkingBlockSchema,
  ]),
  ['text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'],
);
export type RequestContentBlock = z.infer<typeof requestContentBlockSchema>;

export const anthropicRequestMessageSchema = z.looseObject({
  // `system` appears mid-conversation in Claude Code requests, already on the first turn.
  role: z.enum(['user', 'assistant', 'system']),
  content: stringOrArray(requestContentBlockSchema),
});
export type AnthropicRequestMessage = z.infer<typeof anthropicRequestMessageSchema>;

/** A custom tool has `input_schema`; a server tool (`web_search_20250305`, ...) has a versioned `type`. */
const anthropicToolSchema = z.looseObject({
  name: z.string(),
  type: z.string().nullish(),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
  cache_control: cacheControlSchema.nullish(),
});
export type AnthropicTool = z.infer<typeof anthropicToolSchema>;

const anthropicToolChoiceSchema = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().nullish(),
});

const systemSchema = stringOrArray(requestContentBlockSchema);

const thinkingConfigSchema = z.looseObject({
  // enabled | disabled | adaptive today; kept open so a new mode is dropped rather than refused.
  type: z.string(),
  budget_tokens: z.number().int().nonnegative().nullish(),
});

const outputConfigSchema = z.looseObject({
  effort: z.string().nullish(),
  format: z
    .looseObject({
      type: z.string(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      name: z.string().nullish(),
    })
    .nullish(),
});

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int().positive(),
  messages: z.array(anthropicRequestMessageSchema),
  system: systemSchema.nullish(),
  tools: z.array(anthropicToolSchema).nullish(),
  tool_choice: anthropicToolChoiceSchema.nullish(),
  stream: z.boolean().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
  thinking: thinkingConfigSchema.nullish(),
  output_config: outputConfigSchema.nullish(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequestSchema>;

/** `POST /v1/messages/count_tokens`: a Messages request without `max_tokens` (and never `metadata`). */
export const countTokensRequestSchema = anthropicMessagesRequestSchema.omit({ max_tokens: true });
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
