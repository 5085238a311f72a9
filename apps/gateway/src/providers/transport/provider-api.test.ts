import { describe, expect, it } from 'vitest';
import { upstreamUrl } from './provider-api.js';

describe('upstreamUrl', () => {
  it('appends the path to an OpenAI-style base that ends in /v1 without doubling it', () => {
    expect(upstreamUrl('https://api.deepseek.com/v1', '/v1/chat/completions')).toBe(
      'https://api.deepseek.com/v1/chat/completions',
    );
  });

  it('appends the full path to an Anthropic-style base without /v1', () => {
    expect(upstreamUrl('https://api.deepseek.com/anthropic', '/v1/messages')).toBe(
      'https://api.deepseek.com/anthropic/v1/messages',
    );
  });

  it('keeps bases with other version segments as they are', () => {
    expect(upstreamUrl('https://api.z.ai/api/paas/v4', '/chat/completions')).toBe(
      'https://api.z.ai/api/paas/v4/chat/completions',
    );
  });
});
