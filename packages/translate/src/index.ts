// @aurora/translate: pure Anthropic Messages ⇄ OpenAI Chat Completions translation, one codec folder per
// (client protocol, upstream protocol) pair; docs/translation.md has the tables.

export * from './anthropic/message.js';
export * from './anthropic/request.js';
export { stripAuroraThinking } from './anthropic-client-anthropic-upstream/anthropic-request-to-anthropic.js';
export { anthropicRequestToOpenAI } from './anthropic-client-openai-upstream/anthropic-request-to-openai.js';
export {
  anthropicRequestToOpenAIBody,
  type RestStore,
  type ToolIdStep,
  type TranslatedRest,
  type TranslatedTurn,
  type TurnReuse,
  type TurnStore,
} from './anthropic-client-openai-upstream/anthropic-request-to-openai-body.js';
export {
  type KnownStrings,
  knownStrings,
  type Literal,
  LONG_STRING_LENGTH,
  longStringLiterals,
  parseKnowingLiterals,
} from './anthropic-client-openai-upstream/long-strings.js';
export {
  closingQuote,
  type MessageRanges,
  messageRanges,
} from './anthropic-client-openai-upstream/message-ranges.js';
export {
  openAIAnswerToAnthropic,
  openAIResponseToAnthropic,
} from './anthropic-client-openai-upstream/openai-response-to-anthropic.js';
export { createOpenAIStreamToAnthropic } from './anthropic-client-openai-upstream/openai-stream-to-anthropic.js';
export { openAIUsageToAnthropic } from './anthropic-client-openai-upstream/openai-usage-to-anthropic.js';
export { TranslationError, upstreamErrorMessage, upstreamErrorToAnthropic } from './errors.js';
export { sequentialIds } from './ids.js';
export * from './openai/plain-chunk.js';
export * from './openai/request.js';
export * from './openai/response.js';
export type { OpenAITarget } from './openai/target.js';
export { anthropicResponseToOpenAI } from './openai-client-anthropic-upstream/anthropic-response-to-openai.js';
export { createAnthropicStreamToOpenAI } from './openai-client-anthropic-upstream/anthropic-stream-to-openai.js';
export { openAIRequestToAnthropic } from './openai-client-anthropic-upstream/openai-request-to-anthropic.js';
export { openAIRequestToOpenAI } from './openai-client-openai-upstream/openai-request-to-openai.js';
export type { Protocol } from './protocols.js';
export { quirkPresets, resolveQuirks } from './quirks/index.js';
export {
  type Quirks,
  type QuirksInput,
  quirkOverridesSchema,
} from './quirks/schema.js';
export * from './repeated-frame-json.js';
export {
  createSSEParser,
  encodeAnthropicEvent,
  encodeOpenAIChunk,
  encodeSSE,
  OPENAI_STREAM_DONE,
  type SSEEvent,
  type SSEParserLimits,
  SSETooLargeError,
} from './sse.js';
export { tokenCountInput } from './token-count-text.js';
