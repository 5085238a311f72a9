// Reassembles streamed OpenAI tool calls. Providers identify a call's fragments differently: by
// `index` (OpenAI), by `id`, by neither (GLM), or by reusing one index for every call; this decides
// which call each fragment belongs to.

import type { OpenAIToolCallDelta } from '../openai/response.js';
import { parseToolArguments } from '../tool-arguments.js';

export interface ToolCallState {
  upstreamId?: string;
  name: string;
  args: string;
  /** Characters of `args` already sent as `input_json_delta`. */
  sent: number;
  /** Anthropic block index once started, else -1. */
  index: number;
  closed: boolean;
  completeAt: number;
  /** Arguments starting with `{` are forwarded as they come; anything else is held and fixed at the end. */
  live?: boolean;
  /** The id its tool_use block got, once started. */
  toolUseId?: string;
  /** The call's `extra_content` (Gemini's thought signature), to give back with it. */
  extra?: unknown;
}

/** Held arguments (a double-encoded string, a bare value) as the JSON object they stand for, or `{}`. */
export function heldToolArguments(tool: ToolCallState): string {
  try {
    return JSON.stringify(parseToolArguments(tool.args, tool.name));
  } catch {
    return '{}';
  }
}

/** Whether the arguments so far are one complete JSON value (remembered, as arguments only grow). */
export function toolArgumentsComplete(tool: ToolCallState): boolean {
  if (tool.completeAt === tool.args.length) return true;
  if (!tool.args.trim()) return false;
  try {
    JSON.parse(tool.args);
    tool.completeAt = tool.args.length;
    return true;
  } catch {
    return false;
  }
}

export interface ToolCallAssembler {
  /** The call a fragment belongs to (a new one if none), with the fragment's name and arguments added. */
  add(entry: OpenAIToolCallDelta): ToolCallState;
  /** Calls not started as a block yet (buffered behind another one), in order of appearance. */
  unstarted(): ToolCallState[];
}

export function createToolCallAssembler(): ToolCallAssembler {
  const tools: ToolCallState[] = [];
  const byIndex = new Map<number, ToolCallState>();
  const byId = new Map<string, ToolCallState>();
  let lastTool: ToolCallState | undefined;

  /** Which call a fragment belongs to: by index, else by id, else the last one (GLM sends neither). */
  const resolve = (entry: OpenAIToolCallDelta): ToolCallState => {
    const id = entry.id || undefined;
    const index = typeof entry.index === 'number' ? entry.index : undefined;
    const name = entry.function?.name;
    // A name arriving for a call whose arguments are already complete starts the next call: some
    // providers send every parallel call under the same index.
    const startsNew = (t: ToolCallState) =>
      !!name && !!t.name && toolArgumentsComplete(t) && (name !== t.name || !!entry.function?.arguments);
    let tool: ToolCallState | undefined;
    if (index !== undefined) {
      const t = byIndex.get(index);
      if (t && (!id || !t.upstreamId || t.upstreamId === id) && !startsNew(t)) tool = t;
    } else if (id) {
      const t = byId.get(id);
      if (t && !startsNew(t)) tool = t;
    } else if (lastTool && !startsNew(lastTool)) {
      tool = lastTool;
    }
    if (!tool) {
      tool = { name: '', args: '', sent: 0, index: -1, closed: false, completeAt: -1 };
      tools.push(tool);
      lastTool = tool;
    }
    if (index !== undefined) byIndex.set(index, tool);
    if (id && !tool.upstreamId) {
      tool.upstreamId = id;
      byId.set(id, tool);
    }
    return tool;
  };

  return {
    add(entry) {
      const tool = resolve(entry);
      const name = entry.function?.name;
      if (name && !tool.name) tool.name = name;
      if (entry.extra_content !== undefined && tool.extra === undefined) tool.extra = entry.extra_content;
      const args = entry.function?.arguments;
      // A fragment for a call already closed (upstream out of order after finish) cannot be delivered.
      if (!tool.closed && args) tool.args += args;
      return tool;
    },
    unstarted() {
      return tools.filter((tool) => tool.index === -1 && tool.name !== '');
    },
  };
}
