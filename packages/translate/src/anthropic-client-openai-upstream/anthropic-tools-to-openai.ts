// Anthropic `tools` and `tool_choice` → OpenAI function tools and `tool_choice`. Server tools (web
// search, code execution, …) run at Anthropic and are never forwarded.

import type { AnthropicMessagesRequest, AnthropicTool } from '../anthropic/request.js';
import type { OpenAITool, OpenAIToolChoice } from '../openai/request.js';
import type { Quirks } from '../quirks/schema.js';
import { compileSchemaStrip, type SchemaStrip, stripSchema } from '../tool-schema.js';
import type { DropField } from './dropped-fields.js';

/** A server tool has a versioned `type` (`web_search_20250305`); a client tool has none or `custom`. */
function isServerTool(tool: AnthropicTool): boolean {
  return tool.type != null && tool.type !== 'custom';
}

const EMPTY_PARAMETERS = { type: 'object', properties: {} };

export function anthropicToolsToOpenAI(
  tools: AnthropicTool[] | null | undefined,
  q: Quirks,
  drop: DropField,
): OpenAITool[] {
  const out: OpenAITool[] = [];
  if (!tools) return out;
  const strip: SchemaStrip | null = compileSchemaStrip(q.schema_strip);
  tools.forEach((tool, i) => {
    if (isServerTool(tool)) {
      drop(`tools.${i} (${tool.type})`);
      return;
    }
    const schema = tool.input_schema ?? EMPTY_PARAMETERS;
    const fn: OpenAITool['function'] = {
      name: tool.name,
      parameters: strip ? (stripSchema(schema, strip) as Record<string, unknown>) : schema,
    };
    if (tool.description) fn.description = tool.description;
    out.push({ type: 'function', function: fn });
  });
  return out;
}

export function anthropicToolChoiceToOpenAI(
  choice: AnthropicMessagesRequest['tool_choice'],
  tools: OpenAITool[],
  drop: DropField,
): OpenAIToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (choice.name && tools.some((t) => t.function.name === choice.name)) {
        return { type: 'function', function: { name: choice.name } };
      }
      // The named tool was a server tool that is not forwarded: let the model choose.
      drop('tool_choice.name');
      return 'auto';
  }
}
