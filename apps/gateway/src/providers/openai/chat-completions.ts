import {
  createSSEParser,
  type OpenAIUsage,
  openAIRequestToOpenAI,
  openAIUsageToAnthropic,
} from '@aurora/translate';
import type { AttemptResult } from '../../targets/attempt-result.js';
import { sendForAnswer } from '../attempt.js';
import { type ChatCall, openAIStreamError } from '../chat-call.js';
import { type RelayProtocol, relayAnswer, usageField } from '../relay-answer.js';
import { chatCompletionsPost } from './chat-completions-request.js';

// OpenAI sends `"usage":null` in every chunk once usage is asked for: only an object is usage.
const carriesUsage = /"usage"\s*:\s*\{/;

/**
 * OpenAI's protocol: usage in the answer or in a trailing chunk, errors as `data: {error}`. Aurora
 * always asks the provider for stream usage (to account for it); when the client did not, the
 * usage-only chunk is taken out, since clients that read `choices[0]` of every chunk break on it.
 */
function openAIRelay(clientWantsUsage: boolean): RelayProtocol {
  return {
    usageOfJson: (text) => usageField<OpenAIUsage>(text, openAIUsageToAnthropic),
    relayStream(onUsage) {
      const parser = createSSEParser();
      return (bytes) => {
        const frames = parser.feed(bytes);
        for (const frame of frames) {
          if (!carriesUsage.test(frame.data)) continue;
          const usage = usageField<OpenAIUsage>(frame.data, openAIUsageToAnthropic);
          if (usage) onUsage(usage);
        }
        if (clientWantsUsage) return bytes;
        // Rebuilt from whole frames only, so that a frame cut across chunks is never sent twice.
        return frames
          .filter((frame) => !(carriesUsage.test(frame.data) && frame.data.includes('"choices":[]')))
          .map((frame) => `data: ${frame.data}\n\n`)
          .join('');
      };
    },
    errorFrame: openAIStreamError,
  };
}

/**
 * OpenAI ingress in front of an OpenAI-kind provider: the body goes through with the target model,
 * the alias's limits and the provider's quirks applied; the answer comes back as sent.
 */
export async function sendChatToOpenAI(call: ChatCall): Promise<AttemptResult> {
  const { target, route } = call;
  const body = openAIRequestToOpenAI(call.request, {
    model: target.model,
    quirks: target.provider.quirks,
    maxOutputTokens: route.alias?.max_output_tokens,
    params: route.alias?.params,
  });
  const sent = await sendForAnswer(
    call.client,
    target.provider.name,
    chatCompletionsPost(target.provider, JSON.stringify(body), call.signal),
  );
  if (!sent.ok) return sent;
  const clientWantsUsage = call.request.stream_options?.include_usage === true;
  return relayAnswer(
    call,
    sent.response,
    sent.attempts,
    call.request.stream === true,
    openAIRelay(clientWantsUsage),
  );
}
