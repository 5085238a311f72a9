import type { AttemptResult } from '../targets/attempt-result.js';
import type { AnswerUsage } from '../usage/request-tracker.js';
import type { AnswerHooks } from './answer-hooks.js';
import { awaitFirstBytes, transportFailure } from './attempt.js';
import { type SSEChunk, sseBody, sseHeaders } from './sse-response.js';
import type { UpstreamResponse } from './upstream-client.js';

/** How to read usage out of one protocol's answers, and how that protocol reports a broken stream. */
export interface RelayProtocol {
  usageOfJson(text: string): AnswerUsage | undefined;
  /**
   * Sees each chunk of a stream: reports usage as it passes and returns what goes on to the client,
   * normally the very same bytes.
   */
  relayStream(onUsage: (usage: AnswerUsage) => void): (bytes: Uint8Array) => SSEChunk;
  errorFrame(message: string): string;
}

/**
 * An answer that goes back in the protocol it came in: bytes relayed as the provider sent them,
 * with usage read on the side. Streams get no pings of ours, which could land inside a frame the
 * provider split across chunks.
 */
export async function relayAnswer(
  hooks: AnswerHooks,
  response: UpstreamResponse,
  attempts: number,
  streamed: boolean,
  protocol: RelayProtocol,
): Promise<AttemptResult> {
  const provider = hooks.target.provider.name;
  const contentType = response.headers['content-type'] ?? 'application/json';
  if (!streamed) {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return transportFailure(provider, error, attempts);
    }
    hooks.onFirstByte();
    const usage = protocol.usageOfJson(text);
    if (usage) hooks.onUsage(usage);
    return {
      ok: true,
      attempts,
      response: new Response(text, {
        status: 200,
        headers: { ...hooks.headers, 'content-type': contentType },
      }),
    };
  }

  const started = await awaitFirstBytes(response, provider, attempts);
  if (!started.ok) return started;
  hooks.onFirstByte();
  const relay = protocol.relayStream(hooks.onUsage);
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: relay(started.first),
        async next() {
          const next = await started.rest.next();
          return next.done ? undefined : relay(next.value);
        },
        ping: () => '',
        fail: (error) => protocol.errorFrame(`${provider}: ${(error as Error).message}`),
        cleanup: (failure) => {
          response.cancel();
          hooks.onStreamEnd(failure);
        },
      }),
      { status: 200, headers: { ...hooks.headers, ...sseHeaders } },
    ),
  };
}

/** Reads `usage` out of a JSON answer; a body that isn't JSON still goes to the client as sent. */
export function usageField<T>(text: string, convert: (usage: T) => AnswerUsage): AnswerUsage | undefined {
  try {
    const usage = (JSON.parse(text) as { usage?: T | null }).usage;
    return usage ? convert(usage) : undefined;
  } catch {
    return undefined;
  }
}
