// A streamed answer's frames are nearly all alike: an OpenAI text chunk is ~200 bytes of id, model and
// choice around a few characters of text, and only those characters change from one to the next. A
// frame that repeats the last such frame's bytes around that one string is that frame's value with
// the string swapped, so it is read by unescaping the string alone instead of parsing the frame.

/** Where the changing string sits in a frame's value: keys and array indices from the root. */
export type StringPath = readonly (string | number)[];

/** A frame's bytes on either side of its changing string's literal, and the value they make. */
interface Shape {
  head: string;
  tail: string;
  root: unknown;
  path: StringPath;
}

// Some stream's frames may never repeat: trying to learn a shape costs a parse of its own, so after
// this many attempts more than frames read from a shape, no more are tried.
const SPARE_ATTEMPTS = 8;
// Put in the literal's place to check that it is the one the value's string comes from.
const PROBE = 'aurora\u0000probe';
const PROBE_LITERAL = JSON.stringify(PROBE);
// Characters a string literal's body cannot have without being escaped, and the escape itself.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters; this finds them.
const NOT_VERBATIM = /["\\\u0000-\u001f]/;

const isContainer = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === 'object' && value !== null;

function at(value: unknown, path: StringPath): unknown {
  let node = value;
  for (const step of path) {
    if (!isContainer(node) || !Object.hasOwn(node, step)) return undefined;
    node = node[step];
  }
  return node;
}

/**
 * Whether every value off `path` is a primitive: copying the containers along the path then makes
 * a tree that shares nothing with the shape's, as a parse would.
 */
function onlyPathNests(node: unknown, path: StringPath, depth = 0): boolean {
  if (!isContainer(node)) return true;
  if (depth === path.length) return false;
  const step = String(path[depth]);
  for (const [key, child] of Object.entries(node)) {
    if (key === step ? !onlyPathNests(child, path, depth + 1) : isContainer(child)) return false;
  }
  return true;
}

const copyOf = (node: unknown) => (Array.isArray(node) ? node.slice() : { ...(node as object) });

/** The value with a fresh copy of each container on `path`, and `leaf` at its end. */
function withLeaf(root: unknown, path: StringPath, leaf: string): unknown {
  const top = copyOf(root) as Record<string | number, unknown>;
  let from = root as Record<string | number, unknown>;
  let into = top;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const step = path[depth]!;
    from = from[step] as Record<string | number, unknown>;
    into = into[step] = copyOf(from) as Record<string | number, unknown>;
  }
  into[path.at(-1)!] = leaf;
  return top;
}

const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** Where the string literal that follows the last `"key":` of `text` starts and ends (past its quote). */
function literalAfterKey(text: string, key: string): [number, number] | undefined {
  const name = JSON.stringify(key);
  let i = text.lastIndexOf(name);
  if (i === -1) return undefined;
  i += name.length;
  while (isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== ':') return undefined;
  i++;
  while (isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== '"') return undefined;
  const start = i;
  for (i++; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return [start, i + 1];
  }
  return undefined;
}

/**
 * The shape of a frame whose value has a string at one of `paths` and nothing else nested: checked
 * by parsing the frame with another string in that literal's place, which must land at the path
 * (so the literal is the one the string came from, not a key's or a duplicate's).
 */
function shapeOf(text: string, value: unknown, paths: readonly StringPath[]): Shape | undefined {
  for (const path of paths) {
    const leaf = at(value, path);
    const key = path.at(-1);
    if (typeof leaf !== 'string' || leaf === PROBE || typeof key !== 'string') continue;
    if (!onlyPathNests(value, path)) return undefined;
    const span = literalAfterKey(text, key);
    if (!span) return undefined;
    const head = text.slice(0, span[0]);
    const tail = text.slice(span[1]);
    let probed: unknown;
    try {
      probed = JSON.parse(head + PROBE_LITERAL + tail);
    } catch {
      return undefined;
    }
    // The probed tree is the shape's own: the caller may change the value it was given.
    return at(probed, path) === PROBE ? { head, tail, root: probed, path } : undefined;
  }
  return undefined;
}

/** The string of `literal` if it is one JSON string and nothing more; undefined otherwise. */
function stringOf(literal: string): string | undefined {
  if (literal.length < 2 || literal[0] !== '"' || literal[literal.length - 1] !== '"') return undefined;
  const body = literal.slice(1, -1);
  if (!NOT_VERBATIM.test(body)) return body;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `JSON.parse` for one stream's frames, which it reads in order: a frame that repeats the last
 * learnt shape's bytes but for the string at one of `paths` is read by unescaping that string. The
 * value is the one `JSON.parse` gives, a fresh tree each time; anything else is parsed (and throws
 * as `JSON.parse` does), and may become the shape the next frames are read from.
 */
export function createRepeatedFrameParser(paths: readonly StringPath[]): (text: string) => unknown {
  let shape: Shape | undefined;
  let hits = 0;
  let attempts = 0;
  return (text) => {
    if (
      shape &&
      text.length >= shape.head.length + shape.tail.length &&
      // V8's startsWith goes a character at a time; comparing a slice is several times faster.
      text.slice(0, shape.head.length) === shape.head &&
      text.endsWith(shape.tail)
    ) {
      const leaf = stringOf(text.slice(shape.head.length, text.length - shape.tail.length));
      if (leaf !== undefined) {
        hits++;
        return withLeaf(shape.root, shape.path, leaf);
      }
    }
    const value: unknown = JSON.parse(text);
    if (attempts < hits + SPARE_ATTEMPTS) {
      attempts++;
      shape = shapeOf(text, value, paths) ?? shape;
    }
    return value;
  };
}
