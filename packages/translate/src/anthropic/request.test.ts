import { describe, expect, it } from 'vitest';
import { anthropicMessagesRequestSchema, countTokensRequestSchema } from './request.js';

const base = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };

describe('anthropicMessagesRequestSchema', () => {
  it('accepts unknown fields and unknown block types', () => {
    const r = anthropicMessagesRequestSchema.parse({
      ...base,
      context_management: { edits: [] },
      messages: [
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 'x', name: 'web_search', input: {} }] },
      ],
    });
    expect(r.context_management).toEqual({ edits: [] });
    expect(r.messages[0]?.content).toEqual([{ type: 'unknown', original_type: 'server_tool_use' }]);
  });

  it('refuses a known field of the wrong type with a path naming it', () => {
    const top = anthropicMessagesRequestSchema.safeParse({ ...base, max_tokens: 'many' });
    expect(top.error?.issues[0]?.path).toEqual(['max_tokens']);
    const nested = anthropicMessagesRequestSchema.safeParse({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 42 }] }],
    });
    expect(nested.error?.issues[0]?.path).toEqual(['messages', 0, 'content', 0, 'text']);
    const result = anthropicMessagesRequestSchema.safeParse({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: 'yes' }] }],
    });
    expect(result.error?.issues[0]?.path).toEqual(['messages', 0, 'content', 0, 'is_error']);
  });

  it('count_tokens needs no max_tokens and no metadata', () => {
    expect(countTokensRequestSchema.safeParse({ model: 'm', messages: [] }).success).toBe(true);
  });
});
