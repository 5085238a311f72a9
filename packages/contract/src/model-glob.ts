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

/** Specificity of a glob: its literal characters (the most specific glob wins). */
export function literalLength(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}

// Allow-lists are checked on every request: compile each glob once.
const compiled = new Map<string, RegExp>();
const COMPILED_LIMIT = 1_024;

function compiledGlob(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    regex = globToRegExp(pattern);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** True when `name` equals one of the patterns or matches one of the globs among them. */
export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (isGlob(pattern) ? compiledGlob(pattern).test(name) : pattern === name));
}
