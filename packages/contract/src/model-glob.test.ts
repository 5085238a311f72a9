import { describe, expect, it } from 'vitest';
import { globToRegExp, isGlob, literalLength, matchesAny } from './model-glob.js';

describe('model-name globs', () => {
  it('matches Claude Code tier ids with a star', () => {
    expect(globToRegExp('claude-haiku-*').test('claude-haiku-4-5-20251001')).toBe(true);
    expect(globToRegExp('claude-haiku-*').test('claude-opus-4-8')).toBe(false);
    expect(globToRegExp('claude-*-haiku-*').test('claude-3-5-haiku-20241022')).toBe(true);
  });

  it('treats regex metacharacters literally', () => {
    expect(globToRegExp('gpt-4.1').test('gpt-4x1')).toBe(false);
    expect(globToRegExp('a+b(c)').test('a+b(c)')).toBe(true);
    expect(globToRegExp('m?').test('mx')).toBe(true);
    expect(globToRegExp('m?').test('mxx')).toBe(false);
  });

  it('ranks globs by their literal characters', () => {
    expect(literalLength('claude-*')).toBe(7);
    expect(literalLength('claude-haiku-*')).toBe(13);
    expect(isGlob('claude-*')).toBe(true);
    expect(isGlob('my-alias')).toBe(false);
  });

  it('checks names against allow-lists of names and globs', () => {
    expect(matchesAny('my-alias', ['other', 'my-alias'])).toBe(true);
    expect(matchesAny('claude-haiku-4-5', ['claude-*'])).toBe(true);
    expect(matchesAny('gpt-5', ['claude-*', 'my-alias'])).toBe(false);
  });

  it('matches old and new Claude ids with the tier globs', () => {
    for (const id of ['claude-haiku-5-5', 'claude-haiku-4-5-20251001']) {
      expect(matchesAny(id, ['claude-haiku-*'])).toBe(true);
    }
    expect(matchesAny('claude-opus-5-5', ['claude-haiku-*'])).toBe(false);
    expect(matchesAny('claude-opus-5-5', ['claude-?pus-5-5'])).toBe(true);
    expect(matchesAny('axb', ['a.b'])).toBe(false);
  });
});
