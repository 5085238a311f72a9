import type { CountTokensRequest, RequestContentBlock } from './anthropic/request.js';

/**
 * Everything in a request that costs input tokens, flattened for a tokenizer: system, tool definitions
 * and messages (counting only the messages undercounts Claude Code's requests by ~90%). Images
 * cannot be counted as text; their number is returned for a per-image allowance.
 */
export function tokenCountInput(req: CountTokensRequest): { text: string; images: number } {
  const out: string[] = [];
  let images = 0;
  const block = (b: RequestContentBlock) => {
    switch (b.type) {
      case 'text':
        out.push(b.text);
        break;
      case 'thinking':
        out.push(b.thinking);
        break;
      case 'tool_use':
        out.push(b.name, JSON.stringify(b.input ?? {}));
        break;
      case 'tool_result':
        if (typeof b.content === 'string') out.push(b.content);
        else for (const inner of b.content ?? []) block(inner);
        break;
      case 'image':
        images++;
        break;
      case 'document':
        if (typeof b.source.data === 'string' && b.source.type === 'text') out.push(b.source.data);
        else images++;
        break;
    }
  };
  if (typeof req.system === 'string') out.push(req.system);
  else for (const b of req.system ?? []) block(b);
  for (const tool of req.tools ?? []) {
    out.push(tool.name);
    if (tool.description) out.push(tool.description);
    if (tool.input_schema) out.push(JSON.stringify(tool.input_schema));
  }
  for (const message of req.messages) {
    if (typeof message.content === 'string') out.push(message.content);
    else for (const b of message.content) block(b);
  }
  return { text: out.join('\n'), images };
}
