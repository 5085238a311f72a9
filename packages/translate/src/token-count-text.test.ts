import { describe, expect, it } from 'vitest';
import { countTokensRequestSchema } from './anthropic/request.js';
import { stripAuroraThinking } from './anthropic-client-anthropic-upstream/anthropic-request-to-anthropic.js';
import { tokenCountInput } from './token-count-text.js';

const req = countTokensRequestSchema.parse({
  model: 'm',
  system: [{ type: 'text', text: 'SYSTEM' }],
  tools: [
    {
      name: 'Read',
      description: 'READS',
      input_schema: { type: 'object', properties: { file_path: { type: 'string' } } },
    },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'HELLO' },
        { type: 'image', source: { type: 'url', url: 'u' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'MINE', signature: 'aurora:v1:reasoning' },
        { type: 'thinking', thinking: 'REAL', signature: 'EqRreal' },
        { type: 'tool_use', id: 't', name: 'Read', input: { file_path: '/x' } },
      ],
    },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'RESULT' }] }],
    },
  ],
});

describe('tokenCountInput', () => {
  it('counts system, tools and messages, and the images apart', () => {
    const { text, images } = tokenCountInput(req);
    for (const part of ['SYSTEM', 'READS', 'file_path', 'HELLO', 'MINE', '/x', 'RESULT'])
      expect(text).toContain(part);
    expect(images).toBe(1);
  });
});

describe('stripAuroraThinking', () => {
  it('removes only the thinking Aurora signed, before a request goes to a real Messages API', () => {
    const out = stripAuroraThinking({ ...req, max_tokens: 1 });
    const assistant = out.messages[1]?.content;
    expect(Array.isArray(assistant) && assistant.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    const unchanged = { ...req, max_tokens: 1, messages: [] };
    expect(stripAuroraThinking(unchanged)).toBe(unchanged);
  });
});
