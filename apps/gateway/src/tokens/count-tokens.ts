import { type CountTokensRequest, tokenCountInput } from '@aurora/translate';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

// Images are not text; Anthropic bills roughly width×height/750 tokens, and Claude Code's
// screenshots land near this figure.
const TOKENS_PER_IMAGE = 1_600;
// Role markers and separators per message, as chat formats add them.
const TOKENS_PER_MESSAGE = 4;

/**
 * `count_tokens` for OpenAI-kind providers: a real BPE tokenizer (o200k) over system, tools and
 * messages (F8). Not the provider's own tokenizer, but within a few percent for code and English.
 */
export function countRequestTokens(request: CountTokensRequest): number {
  const { text, images } = tokenCountInput(request);
  return countTokens(text) + images * TOKENS_PER_IMAGE + request.messages.length * TOKENS_PER_MESSAGE;
}

/**
 * The hot path's estimate (message_start usage, context-window clamp): characters / 3.5, which
 * errs high for code and JSON schemas, and costs no tokenizer pass over a 50 KB prompt.
 */
export function estimateRequestTokens(request: CountTokensRequest): number {
  const { text, images } = tokenCountInput(request);
  return (
    Math.ceil(text.length / 3.5) + images * TOKENS_PER_IMAGE + request.messages.length * TOKENS_PER_MESSAGE
  );
}
