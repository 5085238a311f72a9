import { renderError } from '../../errors/error-body.js';
import type { GatewayError } from '../../errors/gateway-error.js';

/** The frames that end a stream in each client protocol, rendered from the one error value. */
export function anthropicErrorFrame(error: GatewayError): string {
  return `event: error\ndata: ${JSON.stringify(renderError(error, 'anthropic'))}\n\n`;
}

/** The shape OpenAI's SDKs raise from inside a stream, with the type the error maps to. */
export function openAIErrorFrame(error: GatewayError): string {
  return `data: ${JSON.stringify(renderError(error, 'openai'))}\n\n`;
}

/** Anthropic's own keep-alive event, as its API sends it while a model is silent. */
export const ANTHROPIC_PING = 'event: ping\ndata: {"type": "ping"}\n\n';

/** An SSE comment: every SSE reader skips it, so it keeps an OpenAI stream's connection alive. */
export const OPENAI_PING = ': ping\n\n';

/**
 * Whether relayed bytes end between two frames, so that a frame of ours can follow without landing
 * inside one the provider split across chunks.
 */
export function endsAtFrameBoundary(bytes: Uint8Array): boolean {
  const last = bytes.at(-1);
  const before = bytes.at(-2);
  return (
    (last === 10 && (before === 10 || (before === 13 && bytes.at(-3) === 10))) ||
    (last === 13 && before === 13)
  );
}
