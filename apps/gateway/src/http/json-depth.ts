/**
 * Deeply nested JSON overflows the stack of everything that walks it recursively after parsing
 * (validation, translation, JSON.stringify), so the depth is checked on the text first, in one pass.
 * Real requests (JSON schemas of tools included) stay far below this.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * The path (keys and indices) of the first value nested deeper than `maxDepth`, or undefined when
 * none is. Malformed text is left to JSON.parse to refuse.
 */
export function tooDeepPath(text: string, maxDepth = MAX_JSON_DEPTH): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  // Per open container: true for an object, whose next string is a key.
  const inObject: boolean[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      const start = i + 1;
      for (i = start; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      }
      if (expectKey) {
        path[path.length - 1] = text.slice(start, i);
        expectKey = false;
      }
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const isObject = char === 0x7b;
      if (inObject.length >= maxDepth) return path;
      inObject.push(isObject);
      path.push(isObject ? '' : 0);
      expectKey = isObject;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      inObject.pop();
      path.pop();
      expectKey = false;
    } else if (char === 0x2c /* , */) {
      const top = path.length - 1;
      if (inObject.at(-1)) expectKey = true;
      else if (top >= 0) path[top] = (path[top] as number) + 1;
    }
  }
  return undefined;
}
