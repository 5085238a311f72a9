import type { Quirks } from '../quirks/schema.js';

/** What the gateway knows about the OpenAI-kind model a request goes to (from the alias and provider). */
export interface OpenAITarget {
  /** The provider's model id. */
  model: string;
  quirks: Quirks;
  /** The alias's max output tokens: `max_tokens` is clamped to it. */
  maxOutputTokens?: number | null;
  /** The alias's context window: input + `max_tokens` must fit in it. */
  contextWindow?: number | null;
  /** Whether the alias is a reasoning model: only then do thinking and effort go upstream. */
  reasoning?: boolean | null;
  /** The alias's `params`, merged last into the body. */
  params?: Record<string, unknown> | null;
  /** The gateway's token estimate of the whole request (system + tools + messages). */
  estimatedInputTokens?: number | null;
}
