import { describe, expect, it } from 'vitest';
import type { OpenAIChatRequest } from '../openai/request.js';
import { resolveQuirks } from '../quirks/index.js';
import { openAIRequestToOpenAI } from './openai-request-to-openai.js';

const base: OpenAIChatRequest = {
  model: 'my-alias',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: 50_000,
  stream: true,
  user: 'someone',
  tools: [
    {
      type: 'function',
      function: {
        name: 'fetch',
        parameters: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: { url: { type: 'string', format: 'uri' } },
          additionalProperties: false,
        },
      },
    },
  ],
};

describe('openAIRequestToOpenAI', () => {
  it('renames the model, clamps max_tokens onto the field the provider reads, and asks for stream usage', () => {
    const out = openAIRequestToOpenAI(base, {
      model: 'gpt-5-mini',
      quirks: resolveQuirks('openai'),
      maxOutputTokens: 16_384,
    });
    expect(out.model).toBe('gpt-5-mini');
    expect(out.max_tokens).toBeUndefined();
    expect(out.max_completion_tokens).toBe(16_384);
    expect(out.stream_options).toEqual({ include_usage: true });
    expect(out.messages).toBe(base.messages);
  });

  it("strips the tool-schema keywords Gemini rejects and merges the alias's params last", () => {
    const out = openAIRequestToOpenAI(base, {
      model: 'gemini-2.5-pro',
      quirks: resolveQuirks('gemini'),
      params: { temperature: 0.2 },
    });
    const parameters = out.tools?.[0]?.function.parameters as Record<string, unknown>;
    expect(parameters).not.toHaveProperty('$schema');
    expect(parameters).not.toHaveProperty('additionalProperties');
    expect(out.temperature).toBe(0.2);
    expect(out.max_tokens).toBe(50_000);
  });

  it('leaves stream_options out for providers that refuse it', () => {
    const out = openAIRequestToOpenAI(
      { ...base, stream_options: { include_usage: true } },
      { model: 'm', quirks: resolveQuirks(undefined, { stream_usage: false }) },
    );
    expect(out).not.toHaveProperty('stream_options');
  });
});
