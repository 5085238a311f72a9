import { createSSEParser, toProviderOpenAIRequest } from '@aurora/translate';
import type { AttemptResult } from '../../routing/dispatch.js';
import { sendForAnswer } from '../attempt.js';
import { type ChatCall, openAIStreamError, usageFromOpenAI } from '../chat-call.js';
import { type RelayProtocol, relayAnswer, usageField } from '../relay-answer.js';
import { providerPost } from '../upstream-request.js';

type OpenAIUsage = Parameters<typeof usageFromOpenAI>[0];

/** OpenAI's protocol: usage in the answer or in a trailing chunk, errors as `data: {error}`. */
const openAIRelay: RelayProtocol = {
  usageOfJson: (text) => usageField<OpenAIUsage>(text, usageFromOpenAI),
  watchStream(onUsage) {
    const parser = createSSEParser();
    return (bytes) => {
      for (const frame of parser.feed(bytes)) {
        // Only the trailing chunk has usage: skip the JSON parse for every other one.
        if (!frame.data.includes('"usage"')) continue;
        const usage = usageField<OpenAIUsage>(frame.data, usageFromOpenAI);
        if (usage) onUsage(usage);
      }
    };
  },
  errorFrame: openAIStreamError,
};

/**
 * OpenAI ingress in front of an OpenAI-kind provider: the body goes through with the target model,
 * the alias's limits and the provider's quirks applied; the answer comes back as sent.
 */
export async function sendChatToOpenAI(call: ChatCall): Promise<AttemptResult> {
  const { target, route } = call;
  const body = toProviderOpenAIRequest(call.request, {
    model: target.model,
    quirks: target.provider.quirks,
    maxOutputTokens: route.alias?.max_output_tokens,
    params: route.alias?.params,
  });
  const sent = await sendForAnswer(
    call.client,
    target.provider.name,
    providerPost(
      target.provider,
      '/chat/completions',
      JSON.stringify(body),
      { authorization: `Bearer ${target.provider.apiKey}` },
      call.signal,
    ),
  );
  if (!sent.ok) return sent;
  return relayAnswer(call, sent.response, sent.attempts, call.request.stream === true, openAIRelay);
}
