/**
 * Deeply nested JSON overflows the stack of everything that walks it recursively after parsing
 * (validation, translation, JSON.stringify), so the depth is checked on the text first, in one pass.
 * Real requests (JSON schemas of tools included) stay far below this.
 */
export const MAX_JSON_DEPTH = 128;

/** Whether the quote at `at` is escaped: an odd run of backslashes stands before it. */
function escapedQuote(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === 0x5c /* \ */) slashes++;
  return slashes % 2 === 1;
}

/**
 * The path (keys and indices) of the first value nested deeper than `maxDepth`, or undefined when
 * none is. Malformed text is left to JSON.parse to refuse. Strings are skipped with `indexOf` and keys
 * kept as offsets, so most of a body (long strings) costs native search, not a JavaScript loop.
 */
export function tooDeepPath(text: string, maxDepth = MAX_JSON_DEPTH): (string | number)[] | undefined {
  // Per open container: whether it is an object, and its current key's offsets or array index.
  const inObject: boolean[] = [];
  const position: number[] = [];
  const keyEnd: number[] = [];
  let expectKey = false;
  const pathHere = () =>
    inObject.map((isObject, depth) =>
      isObject ? (keyEnd[depth] === -1 ? '' : text.slice(position[depth], keyEnd[depth])) : position[depth]!,
    );
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      const start = i + 1;
      let close = text.indexOf('"', start);
      while (close !== -1 && escapedQuote(text, close)) close = text.indexOf('"', close + 1);
      i = close === -1 ? text.length : close;
      if (expectKey) {
        position[position.length - 1] = start;
        keyEnd[keyEnd.length - 1] = i;
        expectKey = false;
      }
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const isObject = char === 0x7b;
      if (inObject.length >= maxDepth) return pathHere();
      inObject.push(isObject);
      position.push(0);
      keyEnd.push(-1);
      expectKey = isObject;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      inObject.pop();
      position.pop();
      keyEnd.pop();
      expectKey = false;
    } else if (char === 0x2c /* , */) {
      const top = position.length - 1;
      if (inObject.at(-1)) expectKey = true;
      else if (top >= 0) position[top]!++;
    }
  }
  return undefined;
}
