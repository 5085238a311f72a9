// The content-block state machine of an Anthropic stream: at most one block open at a time, indices
// 0..n-1 in start order, deltas only for the open block and of its type, a thinking block closed with
// its signature and a tool block with whatever completes its arguments.

import type { AnthropicStreamEvent } from '../anthropic/message.js';
import { auroraSignature, type IdSource } from '../ids.js';
import { argumentsCompletion } from '../tool-arguments.js';
import { heldToolArguments, type ToolCallState } from './tool-call-assembler.js';

type OpenBlock =
  | { kind: 'thinking'; index: number }
  | { kind: 'text'; index: number }
  | { kind: 'tool'; index: number; tool: ToolCallState };

export interface AnthropicBlockWriter {
  readonly open: OpenBlock | null;
  /** Characters sent as text, thinking or arguments: the output estimate when upstream reports none. */
  readonly outputChars: number;
  readonly madeToolCalls: boolean;
  /** Thinking text; `source` names where it came from when it opens a block (kept in the signature). */
  thinking(text: string, out: AnthropicStreamEvent[], source?: string): void;
  text(text: string, out: AnthropicStreamEvent[]): void;
  /** Closes the open block and starts the tool's, sending the arguments it has so far. */
  startTool(tool: ToolCallState, out: AnthropicStreamEvent[]): void;
  /** Sends the arguments of a started tool that arrived since the last call. */
  toolArguments(tool: ToolCallState, out: AnthropicStreamEvent[]): void;
  close(out: AnthropicStreamEvent[]): void;
}

export function createAnthropicBlockWriter(ids: IdSource): AnthropicBlockWriter {
  let open: OpenBlock | null = null;
  let nextIndex = 0;
  let thinkingSource = 'reasoning_content';
  let outputChars = 0;
  let madeToolCalls = false;

  const close = (out: AnthropicStreamEvent[]) => {
    if (!open) return;
    const { index } = open;
    if (open.kind === 'thinking') {
      out.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: auroraSignature(thinkingSource) },
      });
    } else if (open.kind === 'tool') {
      const tool = open.tool;
      // Live arguments that end truncated get what completes them appended; held ones (a double-encoded
      // string, a bare value) are sent once as the object they stand for, or `{}`.
      const fix = tool.live
        ? argumentsCompletion(tool.args)
        : tool.args.trim()
          ? heldToolArguments(tool)
          : '';
      if (fix)
        out.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: fix },
        });
      tool.closed = true;
    }
    out.push({ type: 'content_block_stop', index });
    open = null;
  };

  const toolArguments = (tool: ToolCallState, out: AnthropicStreamEvent[]) => {
    if (tool.sent === tool.args.length) return;
    if (tool.live === undefined) {
      const first = tool.args.trimStart();
      if (!first) return;
      tool.live = first.startsWith('{');
    }
    if (!tool.live) return;
    const partial = tool.args.slice(tool.sent);
    tool.sent = tool.args.length;
    outputChars += partial.length;
    out.push({
      type: 'content_block_delta',
      index: tool.index,
      delta: { type: 'input_json_delta', partial_json: partial },
    });
  };

  return {
    get open() {
      return open;
    },
    get outputChars() {
      return outputChars;
    },
    get madeToolCalls() {
      return madeToolCalls;
    },

    thinking(text, out, source) {
      if (open?.kind !== 'thinking') {
        if (source !== undefined) thinkingSource = source;
        close(out);
        open = { kind: 'thinking', index: nextIndex++ };
        out.push({
          type: 'content_block_start',
          index: open.index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        });
      }
      outputChars += text.length;
      out.push({
        type: 'content_block_delta',
        index: open.index,
        delta: { type: 'thinking_delta', thinking: text },
      });
    },

    text(text, out) {
      if (open?.kind !== 'text') {
        // No empty or blank text blocks: leading blank lines before tools or after reasoning are noise.
        text = text.trimStart();
        if (!text) return;
        close(out);
        open = { kind: 'text', index: nextIndex++ };
        out.push({
          type: 'content_block_start',
          index: open.index,
          content_block: { type: 'text', text: '' },
        });
      }
      outputChars += text.length;
      out.push({ type: 'content_block_delta', index: open.index, delta: { type: 'text_delta', text } });
    },

    startTool(tool, out) {
      close(out);
      tool.index = nextIndex++;
      madeToolCalls = true;
      open = { kind: 'tool', index: tool.index, tool };
      out.push({
        type: 'content_block_start',
        index: tool.index,
        content_block: { type: 'tool_use', id: ids.toolUseId(), name: tool.name, input: {} },
      });
      toolArguments(tool, out);
    },

    toolArguments,
    close,
  };
}
