// @aurora/translate: pure Anthropic Messages ⇄ OpenAI Chat Completions translation, one codec folder per
// (client protocol, upstream protocol) pair; docs/translation.md has the tables.

export * from './anthropic/message.js';
export * from './anthropic/request.js';
export type { AnthropicTarget } from './anthropic/target.js';
export { stripAuroraThinking } from './anthropic-client-anthropic-upstream/anthropic-request-to-anthropic.js';
export { anthropicRequestToOpenAI } from './anthropic-client-openai-upstream/anthropic-request-to-openai.js';
export {
  type OpenAIResponseToAnthropicContext,
  openAIResponseToAnthropic,
} from './anthropic-client-openai-upstream/openai-response-to-anthropic.js';
export {
  createOpenAIStreamToAnthropic,
  type OpenAIStreamToAnthropic,
  type OpenAIStreamToAnthropicContext,
  type StreamFailure,
} from './anthropic-client-openai-upstream/openai-stream-to-anthropic.js';
export { openAIUsageToAnthropic } from './anthropic-client-openai-upstream/openai-usage-to-anthropic.js';
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
export type { OpenAITarget } from './openai/target.js';
export {
  type AnthropicResponseToOpenAIContext,
  anthropicResponseToOpenAI,
} from './openai-client-anthropic-upstream/anthropic-response-to-openai.js';
export {
  type AnthropicStreamToOpenAI,
  type AnthropicStreamToOpenAIContext,
  createAnthropicStreamToOpenAI,
} from './openai-client-anthropic-upstream/anthropic-stream-to-openai.js';
export { openAIRequestToAnthropic } from './openai-client-anthropic-upstream/openai-request-to-anthropic.js';
export {
  type OpenAIPassthroughTarget,
  openAIRequestToOpenAI,
} from './openai-client-openai-upstream/openai-request-to-openai.js';
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
export { tokenCountInput } from './token-count-text.js';
export { parseToolArguments } from './tool-arguments.js';
export { stableUserId } from './user-id.js';
