import { describe, expect, it } from 'vitest';
import { assertEventGrammar } from '../../test/event-grammar.js';
import type { AnthropicMessage, AnthropicStreamEvent } from '../anthropic/message.js';
import { anthropicMessagesRequestSchema } from '../anthropic/request.js';
import { sequentialIds } from '../ids.js';
import { resolveQuirks } from '../quirks/index.js';
import { anthropicRequestToOpenAI } from './anthropic-request-to-openai.js';
import { openAIAnswerToAnthropic } from './openai-response-to-anthropic.js';
import { createOpenAIStreamToAnthropic } from './openai-stream-to-anthropic.js';

/** The content blocks a stream's events add up to (thinking with its signature, tool_use with input). */
function contentOf(events: AnthropicStreamEvent[]): AnthropicMessage['content'] {
  const blocks: Record<string, unknown>[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') blocks[event.index] = { ...event.content_block };
    else if (event.type === 'content_block_delta') {
      const block = blocks[event.index]!;
      const d = event.delta;
      if (d.type === 'thinking_delta') block.thinking = `${block.thinking ?? ''}${d.thinking}`;
      else if (d.type === 'signature_delta') block.signature = d.signature;
      else if (d.type === 'text_delta') block.text = `${block.text ?? ''}${d.text}`;
      else if (d.type === 'input_json_delta') block.json = `${block.json ?? ''}${d.partial_json}`;
    }
  }
  return blocks.map(({ json, ...block }) =>
    block.type === 'tool_use' ? { ...block, input: JSON.parse((json as string) || '{}') } : block,
  ) as AnthropicMessage['content'];
}

// What Aurora hands Claude Code must come back upstream as the provider produced it: its tool-call
// ids and its reasoning, whatever signed the reasoning.

function answer(preset: string, message: Record<string, unknown>): AnthropicMessage {
  const json = {
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'tool_calls' }],
  };
  return openAIAnswerToAnthropic(json, {
    model: 'alias',
    quirks: resolveQuirks(preset),
    ids: sequentialIds(),
  }).message;
}

function nextRequest(preset: string, assistant: AnthropicMessage) {
  const toolUse = assistant.content.find((b) => b.type === 'tool_use');
  const req = anthropicMessagesRequestSchema.parse({
    model: 'alias',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: assistant.content },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: toolUse?.type === 'tool_use' ? toolUse.id : '', content: 'ok' },
        ],
      },
    ],
  });
  return anthropicRequestToOpenAI(req, { model: 'm', quirks: resolveQuirks(preset), reasoning: true })
    .messages;
}

const call = (id: string) => ({
  id,
  type: 'function',
  function: { name: 'Bash', arguments: '{"command":"ls"}' },
});

describe('tool-call ids round-trip', () => {
  it.each([
    ['moonshot', 'functions.Bash:0'],
    ['mistral', 'gSIMJiOkT'],
    ['openai', 'call_NZa7xqfefoaMI2YYHowVXVlU'],
    ['groq', 'fc_bfb39741-3748-4def-9886-a93fc9c64a90'],
    ['openai', 'toolu_b64_looks_like_ours'],
  ])('%s id %s goes back upstream unchanged in the call and its result', (preset, id) => {
    const assistant = answer(preset, { content: null, tool_calls: [call(id)] });
    const toolUse = assistant.content.find((b) => b.type === 'tool_use');
    expect(toolUse?.type === 'tool_use' && toolUse.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    const [, sent, result] = nextRequest(preset, assistant);
    expect(sent?.role === 'assistant' && sent.tool_calls?.[0]?.id).toBe(id);
    expect(result?.role === 'tool' && result.tool_call_id).toBe(id);
  });

  it('gives a fresh id to a call without one and to a repeated one', () => {
    const assistant = answer('openai', { content: null, tool_calls: [call(''), call('same'), call('same')] });
    const ids = assistant.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    expect(ids).toEqual(['toolu_aurora_1', 'same', 'toolu_aurora_2']);
  });
});

describe('reasoning round-trips', () => {
  it('gives OpenRouter back exactly the reasoning_details entries it sent, signature included', () => {
    const details = [
      {
        type: 'reasoning.text',
        text: 'Plan.',
        signature: 'EqQBCkYIBxgCKkD',
        format: 'anthropic-claude-v1',
        index: 0,
      },
      { type: 'reasoning.encrypted', data: 'gAAAAABo', format: 'openai-responses-v1', index: 1 },
    ];
    const assistant = answer('openrouter', {
      content: null,
      reasoning: 'Plan.',
      reasoning_details: details,
      tool_calls: [call('call_1')],
    });
    const [, sent] = nextRequest('openrouter', assistant);
    expect(sent?.role === 'assistant' && sent.reasoning_details).toEqual(details);
  });

  it('sends DeepSeek the thinking text of a turn another model signed (after /model)', () => {
    const req = anthropicMessagesRequestSchema.parse({
      model: 'alias',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: [
            {
              type: 'thinking',
              thinking: 'I will list files.',
              signature: 'ErUBCkYIAxgCIkB-anthropic-signature',
            },
            { type: 'tool_use', id: 'toolu_01A', name: 'Bash', input: { command: 'ls' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'a.txt' }] },
      ],
    });
    const [, sent] = anthropicRequestToOpenAI(req, {
      model: 'm',
      quirks: resolveQuirks('deepseek'),
      reasoning: true,
    }).messages;
    expect(sent?.role === 'assistant' && sent.reasoning_content).toBe('I will list files.');
    expect(JSON.stringify(sent)).not.toContain('anthropic-signature');
  });

  it('sends DeepSeek an empty reasoning_content for a tool turn whose history kept no thinking', () => {
    const assistant = answer('deepseek', { content: null, tool_calls: [call('call_1')] });
    const [, sent] = nextRequest('deepseek', assistant);
    expect(sent?.role === 'assistant' && sent.reasoning_content).toBe('');
  });
});

describe("Gemini's thought signatures on tool calls", () => {
  const signed = (id: string, signature: string) => ({
    ...call(id),
    extra_content: { google: { thought_signature: signature } },
  });

  it('come back on the calls they came with, from a JSON answer', () => {
    const assistant = answer('gemini', { content: null, tool_calls: [signed('a', 'SIG-A'), call('b')] });
    const [, sent] = nextRequest('gemini', assistant);
    const calls = sent?.role === 'assistant' ? sent.tool_calls : [];
    expect(calls?.map((c) => c.extra_content)).toEqual([
      { google: { thought_signature: 'SIG-A' } },
      undefined,
    ]);
  });

  it('come back from a stream, where they arrive in the call fragments', () => {
    const translator = createOpenAIStreamToAnthropic({
      model: 'alias',
      quirks: resolveQuirks('gemini'),
      estimatedInputTokens: 1,
      ids: sequentialIds(),
    });
    const events = [
      {
        choices: [
          { index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, ...signed('a', 'SIG-A') }] } },
        ],
      },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, ...signed('b', 'SIG-B') }] } }] },
      { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ].flatMap((chunk) => translator.push(chunk));
    events.push(...translator.finish());
    assertEventGrammar(events);
    const content = contentOf(events);
    const [, sent] = nextRequest('gemini', { ...answer('openai', { content: 'x' }), content });
    const calls = sent?.role === 'assistant' ? sent.tool_calls : [];
    expect(calls?.map((c) => c.extra_content)).toEqual([
      { google: { thought_signature: 'SIG-A' } },
      { google: { thought_signature: 'SIG-B' } },
    ]);
  });

  it('give a call Gemini did not make the placeholder its guide accepts, and other providers nothing', () => {
    const assistant = answer('openai', { content: null, tool_calls: [call('call_x')] });
    const [, toGemini] = nextRequest('gemini', assistant);
    expect(toGemini?.role === 'assistant' && toGemini.tool_calls?.[0]?.extra_content).toEqual({
      google: { thought_signature: 'skip_thought_signature_validator' },
    });
    const fromGemini = answer('gemini', { content: null, tool_calls: [signed('a', 'SIG-A')] });
    const [, toOpenAI] = nextRequest('openai', fromGemini);
    expect(JSON.stringify(toOpenAI)).not.toContain('extra_content');
  });
});
