import type { AnthropicStreamEvent } from '../src/index.js';

/**
 * Checks the Anthropic stream grammar Claude Code depends on (docs/translation.md) and throws on the first
 * violation: one message_start first (with usage and empty content); blocks never overlap; indices
 * 0..n-1 in start order; deltas only for the open block and of its type; tool input starts as {};
 * message_delta with stop_reason and usage before a final message_stop — or one terminal error.
 */
export function assertEventGrammar(events: AnthropicStreamEvent[]): void {
  const fail = (i: number, why: string): never => {
    throw new Error(`event ${i} (${JSON.stringify(events[i])}): ${why}`);
  };
  let started = false;
  let open: { index: number; type: string } | null = null;
  let nextIndex = 0;
  let sawDelta = false;
  let ended = false;
  events.forEach((ev, i) => {
    if (ended) fail(i, 'event after the end of the stream');
    switch (ev.type) {
      case 'message_start':
        if (started) fail(i, 'second message_start');
        if (i !== 0) fail(i, 'message_start is not first');
        if (!Array.isArray(ev.message.content) || ev.message.content.length !== 0)
          fail(i, 'content must be []');
        if (typeof ev.message.usage?.input_tokens !== 'number') fail(i, 'message_start without usage');
        started = true;
        break;
      case 'ping':
        if (!started) fail(i, 'ping before message_start');
        break;
      case 'content_block_start': {
        if (!started || sawDelta) fail(i, 'block outside the message');
        if (open) fail(i, `block ${ev.index} starts while ${open.index} is open`);
        if (ev.index !== nextIndex) fail(i, `index ${ev.index}, expected ${nextIndex}`);
        const block = ev.content_block;
        if (block.type === 'tool_use' && Object.keys(block.input).length !== 0)
          fail(i, 'tool_use start.input is not {}');
        if (block.type === 'text' && block.text !== '') fail(i, 'text start is not empty');
        open = { index: ev.index, type: block.type };
        nextIndex++;
        break;
      }
      case 'content_block_delta': {
        if (!open || open.index !== ev.index) fail(i, `delta for block ${ev.index}, which is not open`);
        const want = {
          text_delta: 'text',
          input_json_delta: 'tool_use',
          thinking_delta: 'thinking',
          signature_delta: 'thinking',
        };
        if (want[ev.delta.type] !== open?.type) fail(i, `${ev.delta.type} in a ${open?.type} block`);
        if (ev.delta.type === 'text_delta' && ev.delta.text === '') fail(i, 'empty text delta');
        break;
      }
      case 'content_block_stop':
        if (!open || open.index !== ev.index) fail(i, `stop for block ${ev.index}, which is not open`);
        open = null;
        break;
      case 'message_delta':
        if (!started || open || sawDelta) fail(i, 'message_delta out of place');
        if (!ev.delta.stop_reason) fail(i, 'message_delta without stop_reason');
        if (typeof ev.usage.output_tokens !== 'number' || typeof ev.usage.input_tokens !== 'number') {
          fail(i, 'message_delta usage lacks input_tokens or output_tokens');
        }
        sawDelta = true;
        break;
      case 'message_stop':
        if (!sawDelta) fail(i, 'message_stop without message_delta');
        ended = true;
        break;
      case 'error':
        ended = true;
        break;
    }
  });
  if (!ended) throw new Error('the stream has neither message_stop nor error');
}
