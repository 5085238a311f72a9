import { describe, expect, it } from 'vitest';
import { countRequestTokens, estimateRequestTokens } from './count-tokens.js';

const text = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
const request = {
  model: 'm',
  system: 'You are a careful engineer.',
  messages: [{ role: 'user' as const, content: text }],
};

describe('token counts', () => {
  it('counts system, tools and messages with a real tokenizer', () => {
    const bare = countRequestTokens(request);
    expect(bare).toBeGreaterThan(1_800);
    expect(bare).toBeLessThan(2_200);
    const withTools = countRequestTokens({
      ...request,
      tools: [
        {
          name: 'Bash',
          description: 'Run a command',
          input_schema: { type: 'object', properties: { command: { type: 'string' } } },
        },
      ],
    });
    expect(withTools).toBeGreaterThan(bare + 10);
  });

  it('estimates from the body size without under-counting text, and prices images by count', () => {
    const body = JSON.stringify(request);
    const estimate = estimateRequestTokens(request, body.length);
    expect(estimate).toBeGreaterThanOrEqual(countRequestTokens(request));
    expect(estimate).toBeLessThan(countRequestTokens(request) * 1.5);

    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(400_000) },
    };
    const withImage = {
      ...request,
      messages: [{ role: 'user' as const, content: [image, { type: 'text', text: 'what is this?' }] }],
    };
    const imageEstimate = estimateRequestTokens(withImage as never, JSON.stringify(withImage).length);
    expect(imageEstimate).toBeLessThan(2_000);
    expect(imageEstimate).toBeGreaterThanOrEqual(1_600);
  });
});
