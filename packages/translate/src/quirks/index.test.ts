import { describe, expect, it } from 'vitest';
import { TranslationError } from '../errors.js';
import { quirkPresets, resolveQuirks } from './index.js';
import { quirkPresetSchema, quirksSchema } from './schema.js';

describe('provider presets', () => {
  it('cover the providers docs/providers.md lists, each a valid preset', () => {
    for (const name of [
      'openai',
      'openrouter',
      'deepseek',
      'deepseek-anthropic',
      'groq',
      'mistral',
      'together',
      'ollama',
      'vllm',
      'lmstudio',
      'minimax',
      'minimax-anthropic',
      'moonshot',
      'moonshot-anthropic',
      'qwen',
      'xai',
      'gemini',
      'anthropic',
      'zai',
      'zai-anthropic',
    ]) {
      expect(quirkPresetSchema.parse(quirkPresets[name])).toEqual(quirkPresets[name]);
    }
  });

  it('resolve to an object frozen all the way down, so what is derived from it stays true', () => {
    const q = resolveQuirks('minimax', { extra_body: { nested: { deep: 1 } } });
    expect(() => Object.assign(q, { think_tags: !q.think_tags })).toThrow(TypeError);
    expect(() => Object.assign(q.extra_body, { more: 1 })).toThrow(TypeError);
    expect(Object.isFrozen((q.extra_body as { nested: object }).nested)).toBe(true);
  });

  it('resolve to defaults, then preset, then overrides (extra_body merged)', () => {
    expect(resolveQuirks()).toEqual(quirksSchema.parse({}));
    const q = resolveQuirks('minimax', { extra_body: { foo: 1 }, think_tags: true });
    expect(q.extra_body).toEqual({ reasoning_split: true, foo: 1 });
    expect(q.think_tags).toBe(true);
    expect(q.reasoning_passback).toBe('reasoning_details');
    expect(resolveQuirks('openai').max_tokens_field).toBe('max_completion_tokens');
  });

  it('refuse an unknown preset name, listing the known ones', () => {
    expect(() => resolveQuirks('nope')).toThrow(TranslationError);
    expect(() => resolveQuirks('nope')).toThrow(/deepseek/);
  });

  it('refuse a quirk with a wrong type, naming it', () => {
    const r = quirksSchema.safeParse({ merge_system_messages: 'yes' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['merge_system_messages']);
  });
});
