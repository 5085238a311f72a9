import { describe, expect, it } from 'vitest';
import { aliasBodySchema, aliasPatchSchema } from './aliases.js';

const firstIssue = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues[0]?.path.join('.');

describe('alias schemas', () => {
  it('accepts an aurora.yaml alias entry plus enabled and prices', () => {
    const body = {
      name: 'claude-haiku-*',
      provider: 'deepseek',
      model: 'deepseek-chat',
      max_output_tokens: 8192,
      context_window: 128000,
      reasoning: false,
      params: { temperature: 0.6 },
      fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
      input_price_per_mtok: 0.27,
      output_price_per_mtok: 1.1,
      enabled: true,
    };
    expect(aliasBodySchema.parse(body)).toEqual(body);
  });

  it('names the first bad field by its path', () => {
    const result = aliasBodySchema.safeParse({
      name: 'a',
      provider: 'p',
      model: 'm',
      fallbacks: [{ provider: 'p', model: '' }],
    });
    expect(firstIssue(result)).toBe('fallbacks.0.model');
  });

  it('refuses a missing model, a fractional token limit and a negative price', () => {
    expect(firstIssue(aliasBodySchema.safeParse({ name: 'a', provider: 'p' }))).toBe('model');
    expect(
      firstIssue(aliasBodySchema.safeParse({ name: 'a', provider: 'p', model: 'm', max_output_tokens: 1.5 })),
    ).toBe('max_output_tokens');
    expect(
      firstIssue(
        aliasBodySchema.safeParse({ name: 'a', provider: 'p', model: 'm', input_price_per_mtok: -1 }),
      ),
    ).toBe('input_price_per_mtok');
  });

  it('lets a patch clear limits and prices with null but not required fields', () => {
    expect(aliasPatchSchema.parse({ max_output_tokens: null, input_price_per_mtok: null })).toEqual({
      max_output_tokens: null,
      input_price_per_mtok: null,
    });
    expect(aliasPatchSchema.safeParse({ model: null }).success).toBe(false);
    expect(aliasPatchSchema.parse({})).toEqual({});
  });

  it('takes an optional judge alias, cleared by null in a patch, never a glob', () => {
    const body = { name: 'coder', provider: 'deepseek', model: 'deepseek-chat', auto_mode_judge: 'judge-1' };
    expect(aliasBodySchema.parse(body)).toEqual(body);
    expect(firstIssue(aliasBodySchema.safeParse({ ...body, auto_mode_judge: 'judge-*' }))).toBe(
      'auto_mode_judge',
    );
    expect(firstIssue(aliasBodySchema.safeParse({ ...body, auto_mode_judge: null }))).toBe('auto_mode_judge');
    expect(aliasPatchSchema.parse({ auto_mode_judge: null })).toEqual({ auto_mode_judge: null });
  });
});
