import { TranslationError } from '../errors.js';
import type { OpenAITarget } from '../openai/target.js';

/**
 * Anthropic `max_tokens` → the provider's: clamped to the alias's output limit and to what the context
 * window leaves after the input. Throws when the input alone fills the window.
 */
export function clampMaxTokens(requested: number, target: OpenAITarget): number {
  let max = requested;
  if (target.maxOutputTokens && target.maxOutputTokens > 0) max = Math.min(max, target.maxOutputTokens);
  const window = target.contextWindow;
  if (window && window > 0 && target.estimatedInputTokens != null) {
    const input = Math.ceil(target.estimatedInputTokens);
    // Refused here, in the words Claude Code compacts on, rather than after a provider round trip.
    if (input >= window) {
      throw new TranslationError(
        'invalid_request_error',
        `prompt is too long: ${input} tokens > ${window} maximum`,
      );
    }
    max = Math.min(max, window - input);
  }
  return Math.max(1, max);
}
