// A streamed answer's frames are nearly all alike: an OpenAI text chunk is ~200 bytes of id, model and
// choice around a few characters of text, and from one chunk to the next only those characters change
// (and, from some providers, a token id or OpenAI's random `obfuscation` padding). A frame that repeats
// the last such frame's bytes around those values is that frame's value with them swapped, so it is
// read by reading those values alone instead of parsing the frame.

import { closingQuote } from './anthropic-client-openai-upstream/message-ranges.js';

type Step = string | number;
type Container = Record<Step, unknown>;

/** A value that changes from frame to frame: where it sits in the value, and what kind of token. */
interface Hole {
  path: Step[];
  kind: 'string' | 'number';
}

/** A hole as a read fills it in: the path to the container that holds it, and its key there. */
interface PlacedHole extends Hole {
  parent: Step[];
  key: Step;
}

/**
 * A learnt frame: its text cut at its holes' tokens (`segments` has one more piece than `holes`),
 * and its value, the shape's own copy.
 */
interface Shape {
  segments: string[];
  holes: PlacedHole[];
  root: unknown;
}

// Some stream's frames may never repeat: learning a shape costs a parse of its own, so after this
// many attempts more than frames read from a shape, no more are tried.
const SPARE_ATTEMPTS = 8;
// Characters a string literal's body cannot have without being escaped, and the escape itself.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters; this finds them.
const NOT_VERBATIM = /["\\\u0000-\u001f]/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/**
 * The leaves that differ between two values of the same structure (the same keys in the same order,
 * the same array lengths, the same kinds of leaf): undefined when the structures differ or a leaf
 * other than a string or a number does.
 */
function differingLeaves(
  before: unknown,
  after: unknown,
  path: Step[] = [],
  holes: Hole[] = [],
): Hole[] | undefined {
  if (Array.isArray(before) || Array.isArray(after)) {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return undefined;
    for (let i = 0; i < after.length; i++)
      if (!differingLeaves(before[i], after[i], [...path, i], holes)) return undefined;
    return holes;
  }
  if (isContainer(before) || isContainer(after)) {
    if (!isContainer(before) || !isContainer(after)) return undefined;
    const keys = Object.keys(after);
    const earlier = Object.keys(before);
    if (keys.length !== earlier.length || keys.some((key, i) => key !== earlier[i])) return undefined;
    for (const key of keys)
      if (!differingLeaves(before[key], after[key], [...path, key], holes)) return undefined;
    return holes;
  }
  if (before === after) return holes;
  const kind = typeof after;
  if (typeof before !== kind || (kind !== 'string' && kind !== 'number')) return undefined;
  holes.push({ path, kind: kind as Hole['kind'] });
  return holes;
}

/** Digits, signs, the point and the exponent: what a JSON number's token is made of. */
const isNumberChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) ||
  code === 0x2b ||
  code === 0x2d ||
  code === 0x2e ||
  code === 0x45 ||
  code === 0x65;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** Where the string literal that opens at `start` ends, past its closing quote; 0 if it does not. */
const stringEnd = (text: string, start: number) => closingQuote(text, start) + 1;

/**
 * Where each value at one of `paths` is in `text`, valid JSON: a scan of its structure that skips
 * strings and scalars. A path met twice (a duplicate key) keeps its last span, as JSON.parse keeps
 * the last value.
 */
function valueSpans(text: string, paths: Step[][]): ([number, number] | undefined)[] {
  const wanted = new Map(paths.map((path, i) => [JSON.stringify(path), i]));
  const spans: ([number, number] | undefined)[] = paths.map(() => undefined);
  const path: Step[] = [];
  let at = 0;
  const skipSpace = () => {
    while (isSpace(text.charCodeAt(at))) at++;
  };
  const value = (): void => {
    skipSpace();
    const start = at;
    const first = text[at];
    if (first === '{' || first === '[') {
      const array = first === '[';
      at++;
      skipSpace();
      // Bounded by the text although it is valid JSON: a wrong span is refused by the probe anyway.
      for (let index = 0; at > 0 && at < text.length && text[at] !== (array ? ']' : '}'); index++) {
        if (index > 0) at++; // the comma
        skipSpace();
        if (array) path.push(index);
        else {
          const end = stringEnd(text, at);
          path.push(stringOf(text.slice(at, end))!);
          at = end;
          skipSpace();
          at++; // the colon
        }
        value();
        path.pop();
        skipSpace();
      }
      at++;
    } else if (first === '"') at = stringEnd(text, at);
    else while (at < text.length && !/[\s,\]}]/.test(text[at]!)) at++;
    const hole = wanted.get(JSON.stringify(path));
    if (hole !== undefined) spans[hole] = [start, at];
  };
  value();
  return spans;
}

const probeOf = (hole: Hole, i: number) =>
  hole.kind === 'string' ? `aurora\u0000probe ${i}` : 1e300 + i * 1e285;

function at(value: unknown, path: Step[]): unknown {
  let node = value;
  for (const step of path) node = isContainer(node) ? node[step] : undefined;
  return node;
}

/**
 * The shape of `text` (parsed: `value`) if it has the structure of the frame before it, its holes
 * where their values differ: checked by parsing the frame once more with a probe in each hole's
 * place, each of which must come out at its path (so the token is the one the value came from, not
 * a key's or a duplicate key's).
 */
function shapeOf(text: string, value: unknown, before: unknown): Shape | undefined {
  const holes = differingLeaves(before, value);
  // A frame that is one string or number has nothing to keep around its token.
  if (!holes || holes.length === 0 || holes.some((hole) => hole.path.length === 0)) return undefined;
  const spans = valueSpans(
    text,
    holes.map((hole) => hole.path),
  );
  if (spans.some((span) => span === undefined)) return undefined;
  const order = holes.map((_, i) => i).sort((a, b) => spans[a]![0] - spans[b]![0]);
  const sorted = order.map((i): PlacedHole => {
    const { path, kind } = holes[i]!;
    return { path, kind, parent: path.slice(0, -1), key: path.at(-1)! };
  });
  if (sorted.some((hole, i) => at(value, hole.path) === probeOf(hole, i))) return undefined;
  const segments: string[] = [];
  let from = 0;
  for (const i of order) {
    const [start, end] = spans[i]!;
    if (start < from) return undefined;
    segments.push(text.slice(from, start));
    from = end;
  }
  segments.push(text.slice(from));
  let probe = segments[0]!;
  sorted.forEach((hole, i) => {
    probe += JSON.stringify(probeOf(hole, i)) + segments[i + 1]!;
  });
  let probed: unknown;
  try {
    probed = JSON.parse(probe);
  } catch {
    return undefined;
  }
  // The probed tree is the shape's own: the caller may change the value it was given.
  return sorted.every((hole, i) => at(probed, hole.path) === probeOf(hole, i))
    ? { segments, holes: sorted, root: probed }
    : undefined;
}

/** The string of `literal` if it is one JSON string and nothing more; undefined otherwise. */
function stringOf(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (!NOT_VERBATIM.test(body)) return body;
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

// Stream chunks nest a few levels; a frame nested deeper teaches no shape, which keeps every walk of
// a shape's tree shallow (JSON.parse reads any depth; a recursive walk of one would overflow).
const MAX_SHAPE_DEPTH = 32;

/** Whether `node` nests no deeper than `depth` levels of containers. */
function shallow(node: unknown, depth = MAX_SHAPE_DEPTH): boolean {
  if (!isContainer(node)) return true;
  if (depth === 0) return false;
  for (const key of Object.keys(node)) if (!shallow(node[key], depth - 1)) return false;
  return true;
}

/**
 * A copy of every container in `node`: a tree that shares nothing with it, as a parse would make.
 * Spread defines each key as the object's own (a `__proto__` key too, which assignment would not),
 * and then an assignment to it sets that own key. Only for shapes' trees, which are shallow.
 */
function copied(node: unknown): unknown {
  if (!isContainer(node)) return node;
  if (Array.isArray(node)) return node.map((each) => copied(each));
  const copy: Container = { ...node };
  for (const key of Object.keys(copy)) if (isContainer(copy[key])) copy[key] = copied(copy[key]);
  return copy;
}

/** What `text` is if it is `shape`'s segments with one token of each hole's kind between them. */
function readByShape(text: string, shape: Shape): unknown {
  const { segments, holes } = shape;
  const values: unknown[] = [];
  let pos = 0;
  for (let i = 0; i < holes.length; i++) {
    const segment = segments[i]!;
    // V8's startsWith goes a character at a time; comparing a slice is several times faster.
    if (text.slice(pos, pos + segment.length) !== segment) return undefined;
    pos += segment.length;
    let end: number;
    let read: unknown;
    if (holes[i]!.kind === 'string') {
      if (text.charCodeAt(pos) !== 0x22) return undefined;
      end = stringEnd(text, pos);
      if (end === 0) return undefined;
      read = stringOf(text.slice(pos, end));
      if (read === undefined) return undefined;
    } else {
      end = pos;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(pos, end);
      if (!JSON_NUMBER.test(token)) return undefined;
      read = Number(token);
    }
    values.push(read);
    pos = end;
  }
  const last = segments[holes.length]!;
  if (text.length - pos !== last.length || !text.endsWith(last)) return undefined;
  const value = copied(shape.root);
  for (let i = 0; i < holes.length; i++)
    (at(value, holes[i]!.parent) as Container)[holes[i]!.key] = values[i];
  return value;
}

/**
 * What one source's streams have taught, for its next streams to start from (a provider's chunks
 * differ between streams in their id and timestamp, which a shape learnt across two streams has as
 * holes). Whatever it holds, a parser's values are `JSON.parse`'s: a frame is read from a shape only
 * where the frame's text is the shape's, byte for byte, outside its holes.
 */
export interface FrameShapeMemory {
  shape?: Shape;
  /** The last frame parsed by one of the source's streams, compared with the next one parsed. */
  previous?: unknown;
}

/**
 * `JSON.parse` for one stream's frames, read in order. Two frames in a row that differ only in some
 * string or number values teach a shape; a later frame that is the shape's text but for those values'
 * tokens is read by reading the tokens alone. The value is the one `JSON.parse` gives, a fresh tree
 * each time; anything else is parsed (and throws as `JSON.parse` does). With `memory`, the stream
 * starts from what earlier streams of its source learnt, and leaves what it learns there.
 */
export function createRepeatedFrameParser(memory: FrameShapeMemory = {}): (text: string) => unknown {
  let shape = memory.shape;
  let previous = memory.previous;
  let hits = 0;
  let attempts = 0;
  return (text) => {
    const read = shape && readByShape(text, shape);
    if (read !== undefined) {
      hits++;
      return read;
    }
    const value: unknown = JSON.parse(text);
    if (previous !== undefined && attempts < hits + SPARE_ATTEMPTS) {
      attempts++;
      // Against the shape first: a frame that misses it by a value it held fixed (another stream's
      // id, a timestamp that moved on) gets a shape with that value as a hole too.
      const learnt = (shape && shapeOf(text, value, shape.root)) || shapeOf(text, value, previous);
      if (learnt) shape = memory.shape = learnt;
    }
    // Its own copy (not by `copied`, which reads shapes' trees alone and is fastest kept to them):
    // what the caller does to the value it is given cannot change what is learnt.
    previous = memory.previous = shallow(value) ? structuredClone(value) : undefined;
    return value;
  };
}
