import type { OpenAIChatRequest } from '@aurora/translate';
import type { AnswerHooks } from './answer-hooks.js';
import type { UpstreamClient } from './upstream-client.js';

/** One attempt of an OpenAI-ingress request (`/v1/chat/completions`) at one target. */
export interface ChatCall extends AnswerHooks {
  request: OpenAIChatRequest;
  client: UpstreamClient;
}

/** An error inside an OpenAI stream, in the shape OpenAI's own SDKs raise from. */
export function openAIStreamError(message: string): string {
  return `data: ${JSON.stringify({ error: { message, type: 'server_error', code: 'api_error' } })}\n\n`;
}
