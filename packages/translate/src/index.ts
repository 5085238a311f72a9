// @aurora/translate: pure Anthropic Messages ⇄ OpenAI Chat Completions translation (SPEC §3).

export * from './anthropic/message.js';
export * from './anthropic/request.js';
export { TranslationError, upstreamErrorToAnthropic } from './errors.js';
export {
  AURORA_SIGNATURE_PREFIX,
  type IdSource,
  isAuroraSignature,
  randomIds,
  sequentialIds,
} from './ids.js';
export * from './openai/request.js';
export * from './openai/response.js';
export { type OpenAIPassthroughTarget, toProviderOpenAIRequest } from './openai-to-openai/request.js';
export { stripAuroraThinking } from './passthrough.js';
export { quirkPresets, resolveQuirks } from './quirks/index.js';
export {
  type QuirkOverrides,
  type QuirkPreset,
  type Quirks,
  type QuirksInput,
  quirkOverridesSchema,
  quirkPresetSchema,
  quirksSchema,
} from './quirks/schema.js';
export {
  createSSEParser,
  encodeAnthropicEvent,
  encodeOpenAIChunk,
  encodeSSE,
  OPENAI_STREAM_DONE,
  type SSEEvent,
  type SSEParser,
} from './sse.js';
export { type AnthropicTarget, openAIToAnthropicRequest } from './to-anthropic/request.js';
export { anthropicToOpenAIResponse, type OpenAIResponseContext } from './to-anthropic/response.js';
export {
  createOpenAIStreamTranslator,
  type OpenAIStreamContext,
  type OpenAIStreamTranslator,
} from './to-anthropic/stream.js';
export { anthropicUsageFrom } from './to-openai/outcome.js';
export { type OpenAITarget, toOpenAIRequest } from './to-openai/request.js';
export { type AnthropicResponseContext, toAnthropicResponse } from './to-openai/response.js';
export {
  type AnthropicStreamContext,
  type AnthropicStreamTranslator,
  createAnthropicStreamTranslator,
  type StreamFailure,
} from './to-openai/stream.js';
export { tokenCountInput } from './token-count-text.js';
export { parseToolArguments } from './tool-arguments.js';
export { stableUserId } from './user-id.js';
