import { describe, expect, it } from 'vitest';
import { buildAliasIndex } from './alias-index.js';

const alias = (name: string, enabled = true) => ({ name, enabled });

describe('buildAliasIndex', () => {
  const index = buildAliasIndex([
    alias('claude-*'),
    alias('my-alias'),
    alias('claude-haiku-*'),
    alias('claude-*-4-8'),
    alias('off', false),
    alias('claude-opus-*', false),
  ]);

  it('prefers an exact name over any glob', () => {
    expect(index.lookup('my-alias')).toEqual({ alias: alias('my-alias') });
  });

  it('routes Claude Code tier ids to the most specific glob', () => {
    expect(index.lookup('claude-haiku-4-5-20251001')).toEqual({ alias: alias('claude-haiku-*') });
    expect(index.lookup('claude-sonnet-5')).toEqual({ alias: alias('claude-*') });
  });

  it('skips a disabled glob for an enabled, less specific one', () => {
    expect(index.lookup('claude-opus-4-8')).toEqual({ alias: alias('claude-*-4-8') });
  });

  it('breaks ties between equally specific globs by creation order', () => {
    const tie = buildAliasIndex([alias('a-*'), alias('*-b')]);
    expect(tie.lookup('a-b')).toEqual({ alias: alias('a-*') });
  });

  it('reports a disabled alias instead of pretending it does not exist', () => {
    expect(index.lookup('off')).toEqual({ disabled: alias('off', false) });
    const onlyDisabled = buildAliasIndex([alias('gpt-*', false)]);
    expect(onlyDisabled.lookup('gpt-5')).toEqual({ disabled: alias('gpt-*', false) });
  });

  it('finds nothing for an unknown model', () => {
    expect(index.lookup('gpt-5')).toBeUndefined();
  });

  it('lists only enabled exact aliases', () => {
    expect(index.listed.map((a) => a.name)).toEqual(['my-alias']);
  });
});
