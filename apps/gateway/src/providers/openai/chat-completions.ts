import { createSSEParser, toProviderOpenAIRequest } from '@aurora/translate';
import type { AttemptResult } from '../../routing/dispatch.js';
import { awaitFirstBytes, sendForAnswer } from '../attempt.js';
import { type ChatCall, openAIStreamError, usageFromOpenAI } from '../chat-call.js';
import { sseBody, sseHeaders } from '../sse-response.js';
import { providerPost } from '../upstream-request.js';

type OpenAIUsage = Parameters<typeof usageFromOpenAI>[0];

/** Reads usage from the few chunks that carry it, leaving the bytes to the client untouched. */
function openAIUsageWatcher(onUsage: ChatCall['onUsage']) {
  const parser = createSSEParser();
  return (bytes: Uint8Array) => {
    for (const frame of parser.feed(bytes)) {
      // Only the trailing chunk has usage: skip the JSON parse for every other one.
      if (!frame.data.includes('"usage"')) continue;
      try {
        const usage = (JSON.parse(frame.data) as { usage?: OpenAIUsage | null }).usage;
        if (usage) onUsage(usageFromOpenAI(usage));
      } catch {
        // Forwarded as is; only the accounting misses it.
      }
    }
  };
}

/**
 * OpenAI ingress in front of an OpenAI-kind provider: the body goes through with the target model,
 * the alias's limits and the provider's quirks applied; the answer comes back as sent.
 */
export async function sendChatToOpenAI(call: ChatCall): Promise<AttemptResult> {
  const { target, route } = call;
  const provider = target.provider.name;
  const body = toProviderOpenAIRequest(call.request, {
    model: target.model,
    quirks: target.provider.quirks,
    maxOutputTokens: route.alias?.max_output_tokens,
    params: route.alias?.params,
  });
  const sent = await sendForAnswer(
    call.client,
    provider,
    providerPost(
      target.provider,
      '/chat/completions',
      JSON.stringify(body),
      { authorization: `Bearer ${target.provider.apiKey}` },
      call.signal,
    ),
  );
  if (!sent.ok) return sent;
  const { response, attempts } = sent;
  const contentType = response.headers['content-type'] ?? 'application/json';

  if (!call.request.stream) {
    const text = await response.text();
    call.onFirstByte();
    try {
      const usage = (JSON.parse(text) as { usage?: OpenAIUsage | null }).usage;
      if (usage) call.onUsage(usageFromOpenAI(usage));
    } catch {
      // The bytes still go to the client as the provider sent them.
    }
    return {
      ok: true,
      attempts,
      response: new Response(text, {
        status: 200,
        headers: { ...call.headers, 'content-type': contentType },
      }),
    };
  }

  const started = await awaitFirstBytes(response, provider, attempts);
  if (!started.ok) return started;
  call.onFirstByte();
  const watch = openAIUsageWatcher(call.onUsage);
  watch(started.first);
  const decoder = new TextDecoder();
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: decoder.decode(started.first, { stream: true }),
        async next() {
          const next = await started.rest.next();
          if (next.done) return undefined;
          watch(next.value);
          return decoder.decode(next.value, { stream: true });
        },
        // OpenAI streams have no ping event; a comment line could split a frame the upstream cut.
        ping: () => '',
        fail: (error) => openAIStreamError(`${provider}: ${(error as Error).message}`),
        cleanup: (failure) => {
          response.cancel();
          call.onStreamEnd(failure);
        },
      }),
      { status: 200, headers: { ...call.headers, ...sseHeaders } },
    ),
  };
}
