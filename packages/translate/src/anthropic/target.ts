/** What the gateway knows about the Anthropic-kind model a request goes to (from the alias). */
export interface AnthropicTarget {
  model: string;
  /** The alias's max output tokens: the default and the ceiling of `max_tokens` (required upstream). */
  maxOutputTokens?: number | null;
  /** Whether the alias is a reasoning model: only then does `reasoning_effort` become thinking. */
  reasoning?: boolean | null;
  params?: Record<string, unknown> | null;
}
