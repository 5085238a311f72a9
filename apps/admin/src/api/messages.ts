import { apiRequest } from './client';

export interface TryItResult {
  text: string;
  latencyMs: number;
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  stopReason?: string;
}

interface MessagesResponse {
  model: string;
  content: { type: string; text?: string }[];
  stop_reason?: string;
  usage?: { input_tokens?: number; output_tokens?: number };
}

/** Sends one user message through the gateway's Anthropic ingress, as Claude Code would. */
export async function sendTestMessage(model: string, prompt: string, now = () => performance.now()) {
  const started = now();
  const response = await apiRequest<MessagesResponse>('/v1/messages', {
    method: 'POST',
    headers: { 'anthropic-version': '2023-06-01' },
    body: { model, max_tokens: 512, messages: [{ role: 'user', content: prompt }] },
  });
  const result: TryItResult = {
    text: response.content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join(''),
    latencyMs: Math.round(now() - started),
    model: response.model,
    inputTokens: response.usage?.input_tokens,
    outputTokens: response.usage?.output_tokens,
    stopReason: response.stop_reason,
  };
  return result;
}
