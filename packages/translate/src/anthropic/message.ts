import { z } from 'zod';
import { tolerantUnion } from '../zod-unions.js';

// Anthropic Messages API response (`message` object), stream events and error bodies.

export const anthropicErrorTypeSchema = z.enum([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
]);
export type AnthropicErrorType = z.infer<typeof anthropicErrorTypeSchema>;

const responseTextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
const responseThinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const responseRedactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});
const responseToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});

const responseContentBlockSchema = tolerantUnion(
  z.discriminatedUnion('type', [
    responseTextBlockSchema,
    responseThinkingBlockSchema,
    responseRedactedThinkingBlockSchema,
    responseToolUseBlockSchema,
  ]),
  ['text', 'thinking', 'redacted_thinking', 'tool_use'],
);
export type ResponseContentBlock = z.infer<typeof responseContentBlockSchema>;

const stopReasonSchema = z.enum([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);
export type StopReason = z.infer<typeof stopReasonSchema>;

const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

export const anthropicMessageSchema = z.looseObject({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(responseContentBlockSchema),
  stop_reason: stopReasonSchema.nullable(),
  stop_sequence: z.string().nullable(),
  usage: anthropicUsageSchema,
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

const anthropicErrorBodySchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: anthropicErrorTypeSchema, message: z.string() }),
});

const contentBlockDeltaSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text_delta'), text: z.string() }),
  z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }),
  z.object({ type: z.literal('thinking_delta'), thinking: z.string() }),
  z.object({ type: z.literal('signature_delta'), signature: z.string() }),
]);

export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: anthropicMessageSchema }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: responseContentBlockSchema,
  }),
  z.object({ type: z.literal('content_block_delta'), index: z.number(), delta: contentBlockDeltaSchema }),
  z.object({ type: z.literal('content_block_stop'), index: z.number() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: stopReasonSchema.nullable(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.partial(),
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  anthropicErrorBodySchema,
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;
