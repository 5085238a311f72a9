import { describe, expect, it } from 'vitest';
import { pageFromPath } from './router';

describe('pageFromPath', () => {
  it('reads the page after the base path', () => {
    expect(pageFromPath('/ui/keys', '/ui/')).toBe('keys');
    expect(pageFromPath('/ui/connect/extra', '/ui/')).toBe('connect');
  });

  it('shows Models for the root and for unknown pages', () => {
    expect(pageFromPath('/ui/', '/ui/')).toBe('models');
    expect(pageFromPath('/ui/nope', '/ui/')).toBe('models');
  });
});
