// The content-block state machine of an Anthropic stream: at most one block open at a time, indices
// 0..n-1 in start order, deltas only for the open block and of its type, a thinking block closed with
// its signature and a tool block with whatever completes its arguments.

import type { AnthropicStreamEvent } from '../anthropic/message.js';
import { auroraSignature, type IdSource } from '../ids.js';
import type { ReasoningDetail } from '../openai/request.js';
import { argumentsCompletion } from '../tool-arguments.js';
import { mergeReasoningDetails } from './openai-reasoning.js';
import { heldToolArguments, type ToolCallState } from './tool-call-assembler.js';
import { toolCallExtraEntry } from './tool-call-extras.js';
import { toolUseIdFromUpstream } from './tool-call-ids.js';

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
  /** Provider reasoning entries for the thinking block (opened if need be), returned in its signature. */
  reasoningDetails(entries: ReasoningDetail[], out: AnthropicStreamEvent[]): void;
  /** The closed tool calls' `extra_content`, signed into a thinking block of their own. */
  toolCallExtras(out: AnthropicStreamEvent[]): void;
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
  let details: ReasoningDetail[] = [];
  let outputChars = 0;
  let madeToolCalls = false;
  const toolUseIds = new Set<string>();
  // Whitespace that would open a text block is held until text follows it: sent then, byte for byte,
  // but never as a blank block of its own (the Messages API refuses those when history goes back).
  let heldBlank = '';
  let pendingExtras: ReasoningDetail[] = [];

  const close = (out: AnthropicStreamEvent[]) => {
    if (!open) return;
    const { index } = open;
    if (open.kind === 'thinking') {
      out.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: auroraSignature(thinkingSource, details) },
      });
      details = [];
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
      if (tool.extra !== undefined && tool.toolUseId)
        pendingExtras.push(toolCallExtraEntry(tool.toolUseId, tool.extra));
    }
    out.push({ type: 'content_block_stop', index });
    open = null;
  };

  const openThinking = (out: AnthropicStreamEvent[], source: string | undefined): number => {
    if (open?.kind === 'thinking') return open.index;
    if (source !== undefined) thinkingSource = source;
    close(out);
    open = { kind: 'thinking', index: nextIndex++ };
    out.push({
      type: 'content_block_start',
      index: open.index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    return open.index;
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
      const index = openThinking(out, source);
      outputChars += text.length;
      out.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: text } });
    },

    reasoningDetails(entries, out) {
      openThinking(out, 'reasoning_details');
      mergeReasoningDetails(details, entries);
    },

    toolCallExtras(out) {
      if (pendingExtras.length === 0) return;
      openThinking(out, 'tool_call_extra');
      details.push(...pendingExtras);
      pendingExtras = [];
      close(out);
    },

    text(text, out) {
      if (open?.kind !== 'text') {
        if (!/\S/.test(text)) {
          heldBlank += text;
          return;
        }
        text = heldBlank + text;
        heldBlank = '';
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
      heldBlank = '';
      close(out);
      tool.toolUseId = toolUseIdFromUpstream(tool.upstreamId, toolUseIds, ids);
      tool.index = nextIndex++;
      madeToolCalls = true;
      open = { kind: 'tool', index: tool.index, tool };
      out.push({
        type: 'content_block_start',
        index: tool.index,
        content_block: {
          type: 'tool_use',
          id: tool.toolUseId,
          name: tool.name,
          input: {},
        },
      });
      toolArguments(tool, out);
    },

    toolArguments,
    close,
  };
}
