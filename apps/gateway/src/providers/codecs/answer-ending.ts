import { type AnthropicMessage, type AnthropicStreamEvent, encodeAnthropicEvent } from '@aurora/translate';
import type { AnswerEnding } from '../codec.js';

type ToolUse = AnswerEnding['toolUses'][number];

/** Follows a translated Anthropic stream and remembers its tool calls, for the answer-completion hook. */
export function createToolUseCollector(): {
  see(events: AnthropicStreamEvent[]): void;
  readonly toolUses: ToolUse[];
} {
  const byIndex = new Map<number, ToolUse>();
  const toolUses: ToolUse[] = [];
  return {
    see(events) {
      for (const event of events) {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
          const tool = { id: event.content_block.id, name: event.content_block.name, input: '' };
          byIndex.set(event.index, tool);
          toolUses.push(tool);
        } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
          const tool = byIndex.get(event.index);
          if (tool) tool.input += event.delta.partial_json;
        }
      }
    },
    toolUses,
  };
}

/**
 * Splits translated events at the final `message_delta`: what goes now, and the held ending;
 * `released` runs when the ending is encoded to be sent.
 */
export function holdStreamEnding(
  events: AnthropicStreamEvent[],
  toolUses: ToolUse[],
  released: () => void,
): { now: AnthropicStreamEvent[]; ending: AnswerEnding | undefined } {
  const at = events.findIndex((event) => event.type === 'message_delta');
  if (at === -1) return { now: events, ending: undefined };
  const held = events.slice(at);
  const delta = (held[0] as Extract<AnthropicStreamEvent, { type: 'message_delta' }>).delta as Record<
    string,
    unknown
  >;
  return {
    now: events.slice(0, at),
    ending: {
      toolUses,
      delta,
      encode: () => {
        released();
        return held.map(encodeAnthropicEvent).join('');
      },
    },
  };
}

/** A whole translated JSON message as an ending: its tool calls, and the message to extend. */
export function jsonEnding(message: AnthropicMessage): AnswerEnding {
  const delta = message as unknown as Record<string, unknown>;
  return {
    toolUses: message.content.flatMap((block) =>
      block.type === 'tool_use'
        ? [{ id: block.id, name: block.name, input: JSON.stringify(block.input) }]
        : [],
    ),
    delta,
    encode: () => JSON.stringify(delta),
  };
}
