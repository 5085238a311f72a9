import type { OpenAIChatRequest } from '@aurora/translate';
import type { AnswerUsage } from '../usage/request-tracker.js';
import type { AnswerHooks } from './answer-hooks.js';
import type { UpstreamClient } from './upstream-client.js';

/** One attempt of an OpenAI-ingress request (`/v1/chat/completions`) at one target. */
export interface ChatCall extends AnswerHooks {
  request: OpenAIChatRequest;
  client: UpstreamClient;
}

/** OpenAI's usage in Anthropic's terms, which the request log is written in. */
export function usageFromOpenAI(usage: {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}): AnswerUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.prompt_tokens ?? 0) - cached),
    output_tokens: usage.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
  };
}

/** An error inside an OpenAI stream, in the shape OpenAI's own SDKs raise from. */
export function openAIStreamError(message: string): string {
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', code: 'api_error' } })}\n\n`;
}
