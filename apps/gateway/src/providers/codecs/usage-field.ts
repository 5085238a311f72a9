/** How far from the end of an answer its top-level `usage` is looked for before the whole body is parsed. */
const TAIL_BYTES = 4096;

/**
 * Scanning from `from` at nesting `depth`, the index just past the bracket that brings it to 0
 * (strings skipped); -1 when the text ends first.
 */
function closeOf(text: string, from: number, depth: number): number {
  for (let i = from; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      }
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) depth++;
    else if ((char === 0x7d /* } */ || char === 0x5d) /* ] */ && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The top-level `usage` object read from the answer's tail, where providers put it, without parsing
 * the whole answer. Undefined when the tail does not show it plainly: the last `"usage"` key (not
 * inside a string), its object, and after it only the rest of the answer object.
 */
function usageFromTail<T>(text: string): T | undefined {
  const key = text.lastIndexOf('"usage"');
  if (key < Math.max(1, text.length - TAIL_BYTES) || text.charCodeAt(key - 1) === 0x5c) return undefined;
  const colon = /^"usage"\s*:\s*\{/.exec(text.slice(key, key + 64));
  if (!colon) return undefined;
  const start = key + colon[0].length - 1;
  const end = closeOf(text, start, 0);
  if (end === -1) return undefined;
  // One level up must be the answer object itself: its closing brace ends the text.
  const last = closeOf(text, end, 1);
  if (last === -1 || text.charCodeAt(last - 1) !== 0x7d || text.slice(last).trim() !== '') return undefined;
  return JSON.parse(text.slice(start, end)) as T;
}

/** Reads `usage` out of a JSON answer; a body that isn't JSON still goes to the client as sent. */
export function usageField<T, U>(text: string, convert: (usage: T) => U): U | undefined {
  try {
    const usage = usageFromTail<T>(text) ?? (JSON.parse(text) as { usage?: T | null }).usage;
    return usage ? convert(usage) : undefined;
  } catch {
    return undefined;
  }
}
