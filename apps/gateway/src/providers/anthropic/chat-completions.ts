import {
  anthropicMessageSchema,
  anthropicResponseToOpenAI,
  anthropicStreamEventSchema,
  createAnthropicStreamToOpenAI,
  createSSEParser,
  encodeOpenAIChunk,
  OPENAI_STREAM_DONE,
  type OpenAIChatChunk,
  openAIRequestToAnthropic,
} from '@aurora/translate';
import type { AttemptResult } from '../../targets/attempt-result.js';
import { awaitFirstBytes, badAnswer, sendForAnswer } from '../attempt.js';
import { type ChatCall, openAIStreamError } from '../chat-call.js';
import { sseBody, sseHeaders } from '../sse-response.js';
import { anthropicPost } from './anthropic-request.js';

const encodeChunks = (chunks: OpenAIChatChunk[]) => chunks.map(encodeOpenAIChunk).join('');

/** OpenAI ingress in front of an Anthropic-kind provider: translated there and back (SPEC §3). */
export async function sendChatToAnthropic(call: ChatCall): Promise<AttemptResult> {
  const { target, route } = call;
  const provider = target.provider.name;
  const body = openAIRequestToAnthropic(call.request, {
    model: target.model,
    maxOutputTokens: route.alias?.max_output_tokens,
    reasoning: route.alias?.reasoning,
    params: route.alias?.params,
  });
  const sent = await sendForAnswer(
    call.client,
    provider,
    anthropicPost(target.provider, '/v1/messages', JSON.stringify(body), {}, call.signal),
  );
  if (!sent.ok) return sent;
  const { response, attempts } = sent;

  if (!call.request.stream) {
    const message = anthropicMessageSchema.safeParse(await response.json().catch(() => undefined));
    if (!message.success) return badAnswer(provider, 'the answer is not an Anthropic message', attempts);
    call.onFirstByte();
    call.onUsage(message.data.usage);
    const answer = anthropicResponseToOpenAI(message.data, { model: route.requested });
    return {
      ok: true,
      attempts,
      response: new Response(JSON.stringify(answer), {
        status: 200,
        headers: { ...call.headers, 'content-type': 'application/json' },
      }),
    };
  }

  const started = await awaitFirstBytes(response, provider, attempts);
  if (!started.ok) return started;
  call.onFirstByte();
  const translator = createAnthropicStreamToOpenAI({
    model: route.requested,
    includeUsage: call.request.stream_options?.include_usage === true,
  });
  const parser = createSSEParser();
  let ended = false;
  const translate = (bytes: Uint8Array): string => {
    let out = '';
    for (const frame of parser.feed(bytes)) {
      let json: unknown;
      try {
        json = JSON.parse(frame.data);
      } catch {
        continue;
      }
      const event = anthropicStreamEventSchema.safeParse(json);
      if (!event.success) continue;
      if (event.data.type === 'error') {
        ended = true;
        return out + openAIStreamError(`${provider}: ${event.data.error.message}`) + OPENAI_STREAM_DONE;
      }
      if (event.data.type === 'message_start' || event.data.type === 'message_delta') {
        call.onUsage(event.data.type === 'message_start' ? event.data.message.usage : event.data.usage);
      }
      out += encodeChunks(translator.push(event.data));
    }
    return out;
  };
  return {
    ok: true,
    attempts,
    response: new Response(
      sseBody({
        first: translate(started.first),
        async next() {
          if (ended) return undefined;
          const next = await started.rest.next();
          if (next.done) {
            ended = true;
            return encodeChunks(translator.finish()) + OPENAI_STREAM_DONE;
          }
          return translate(next.value);
        },
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
