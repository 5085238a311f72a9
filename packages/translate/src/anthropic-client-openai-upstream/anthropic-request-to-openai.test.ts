import { describe, expect, it } from 'vitest';
import { anthropicMessagesRequestSchema } from '../anthropic/request.js';
import { resolveQuirks } from '../quirks/index.js';
import { anthropicRequestToOpenAI } from './anthropic-request-to-openai.js';

describe('anthropicRequestToOpenAI', () => {
  it('keeps a result whose call is not in the history as user text instead of an orphan tool message', () => {
    const req = anthropicMessagesRequestSchema.parse({
      model: 'a',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_gone', content: 'old' }] },
      ],
    });
    expect(anthropicRequestToOpenAI(req, { model: 'm', quirks: resolveQuirks() }).messages).toEqual([
      { role: 'user', content: '[result of tool call toolu_gone]\nold' },
    ]);
  });

  it('maps the same Anthropic id to the same Mistral id in the call and in its result', () => {
    const req = anthropicMessagesRequestSchema.parse({
      model: 'a',
      max_tokens: 10,
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01ABCDEFGHIJ', name: 'Read', input: {} }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01ABCDEFGHIJ', content: 'x' }] },
      ],
    });
    const body = anthropicRequestToOpenAI(req, { model: 'm', quirks: resolveQuirks('mistral') });
    const call = body.messages[0];
    const result = body.messages[1];
    const id = call?.role === 'assistant' ? call.tool_calls?.[0]?.id : undefined;
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(result?.role === 'tool' && result.tool_call_id).toBe(id);
  });
});
