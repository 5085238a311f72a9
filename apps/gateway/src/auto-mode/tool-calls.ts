import type { AnthropicMessage, AnthropicStreamEvent } from '@aurora/translate';

/** One tool call of an answer, as the judge sees it. */
export interface AnsweredToolCall {
  id: string;
  name: string;
  input: unknown;
  /** Cut off by `max_tokens`, or arguments that are not a JSON object: nothing to judge. */
  truncated: boolean;
}

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The tool calls of a non-streamed answer; the last block is cut off when the answer hit max_tokens. */
export function toolCallsOfMessage(
  message: Pick<AnthropicMessage, 'content' | 'stop_reason'>,
): AnsweredToolCall[] {
  const lastIndex = message.content.length - 1;
  return message.content.flatMap((block, index) =>
    block.type === 'tool_use'
      ? [
          {
            id: block.id,
            name: block.name,
            input: block.input,
            truncated:
              !isObject(block.input) || (message.stop_reason === 'max_tokens' && index === lastIndex),
          },
        ]
      : [],
  );
}

/**
 * Follows a translated Anthropic stream and rebuilds its tool calls from `content_block_start` and
 * the `input_json_delta` fragments, so the calls can be judged before the final `message_delta`.
 */
export function createToolCallCollector() {
  const calls = new Map<number, { id: string; name: string; json: string; startInput: unknown }>();
  let lastIndex = -1;
  return {
    push(event: AnthropicStreamEvent): void {
      if (event.type === 'content_block_start') {
        lastIndex = Math.max(lastIndex, event.index);
        const block = event.content_block;
        if (block.type === 'tool_use') {
          calls.set(event.index, { id: block.id, name: block.name, json: '', startInput: block.input });
        }
      } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
        const call = calls.get(event.index);
        if (call) call.json += event.delta.partial_json;
      }
    },
    /** The calls seen so far, judged complete or not by the answer's stop reason. */
    calls(stopReason: string | null | undefined): AnsweredToolCall[] {
      return [...calls.entries()].map(([index, call]) => {
        let input: unknown = call.startInput;
        let parsed = true;
        if (call.json.trim() !== '') {
          try {
            input = JSON.parse(call.json);
          } catch {
            parsed = false;
          }
        }
        return {
          id: call.id,
          name: call.name,
          input,
          truncated: !parsed || !isObject(input) || (stopReason === 'max_tokens' && index === lastIndex),
        };
      });
    },
  };
}
