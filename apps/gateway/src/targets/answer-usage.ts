import type { AnthropicUsage } from '@aurora/translate';

/**
 * Usage as Anthropic reports it, as far as the answer told it: `input_tokens` excludes what was read from
 * or written to the provider's prompt cache. The engine reports it; usage/ accounts for it.
 */
export type AnswerUsage = Partial<AnthropicUsage>;
