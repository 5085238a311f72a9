/** Model-name globs: `*` matches any run of characters, `?` one character; nothing else is special. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Specificity of a glob: its literal characters (SPEC §5: the most specific glob wins). */
export function literalLength(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}

/** True when `name` equals one of the patterns or matches one of the globs among them. */
export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (isGlob(pattern) ? globToRegExp(pattern).test(name) : pattern === name));
}
