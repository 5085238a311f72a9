import {
  type AnthropicMessagesRequest,
  type AnthropicRequestMessage,
  anthropicMessagesRequestSchema,
  anthropicRequestMessageSchema,
  type KnownStrings,
  LONG_STRING_LENGTH,
  messageRanges,
} from '@aurora/translate';
import type { z } from 'zod';
import { detached, type Kept, keyText, parsedSize, type TurnCache } from '../providers/codecs/turn-cache.js';
import { parseJsonBody } from './json-body.js';
import { MAX_JSON_DEPTH, tooDeepPath } from './json-depth.js';
import { parseWithLongStrings } from './long-strings.js';
import type { RequestBody } from './request-body.js';

/**
 * A turn as `parseJsonBody` would have made it: the JSON value as sent, and as the schema read it;
 * with its key text, the cache's own copy, which keys its translation as well.
 */
interface ParsedTurn {
  text: string;
  /** Bytes beyond one a character in the turn's UTF-8: what its key text is longer than its text. */
  surplus: number;
  raw: unknown;
  message: AnthropicRequestMessage;
}

/** The request without its messages, as parsed and validated, under its key text (the cache's copy). */
interface ParsedRest {
  text: string;
  surplus: number;
  raw: Record<string, unknown>;
  data: AnthropicMessagesRequest;
}

/**
 * What the ingress found in a body, kept for the next request of its conversation, which repeats
 * the body up to its newest turns: up to where the two bodies' bytes agree, the parts are where
 * they were and parse as they did, so neither is scanned, read as key text or looked up again.
 */
interface BodyRecord {
  bytes: Buffer;
  /** Where the scan found the messages array's `[` and each element (`MessageRanges`). */
  open: number;
  elements: number[];
  /** The leading turns' parsed entries, one an element while they were kept. */
  turns: Kept[];
  /** The key text before the array's elements, its `[` included. */
  head: string;
  /** Where the array's `]` is, and a handle on the parsed rest (the request without its messages). */
  close: number;
  rest: Kept | undefined;
}

/**
 * Where `bytes` would close its messages array if it ends as `record` does from its array's `]` on
 * (the tools, mostly): undefined unless that ending, `]` first, is there after `from`. A scan that stops there
 * and finds the array closing at that `]` stands where the record's scan stood, so what follows,
 * the same characters, reads as it did.
 */
function sameEnding(bytes: Buffer, record: BodyRecord, from: number): number | undefined {
  const close = bytes.length - (record.bytes.length - record.close);
  if (close < from) return undefined;
  return bytes.compare(record.bytes, record.close, record.bytes.length, close) === 0 ? close : undefined;
}

/** How far `bytes` repeats a recent body of its scope: the record, its turns read then and parsed. */
function repeated(
  bytes: Buffer,
  records: Kept[],
  turns: TurnCache,
): { record: BodyRecord; parsed: ParsedTurn[] } | undefined {
  let best: { record: BodyRecord; parsed: ParsedTurn[] } | undefined;
  for (const handle of records) {
    const record = turns.use(handle) as BodyRecord | undefined;
    if (!record) continue;
    const parsed: ParsedTurn[] = [];
    let at = 0;
    for (const kept of record.turns) {
      const end = record.elements[2 * parsed.length + 1]!;
      if (end > bytes.length || bytes.compare(record.bytes, at, end, at, end) !== 0) break;
      const turn = turns.use(kept) as ParsedTurn | undefined;
      if (!turn) break;
      parsed.push(turn);
      at = end;
    }
    if (parsed.length > (best?.parsed.length ?? 0)) best = { record, parsed };
  }
  return best;
}

/**
 * Turns a body may have for them to be read one by one. Each costs a parse, a validation and a
 * cache entry of its own, so for many small ones that is several times one parse of the whole body
 * (1.3 million one-line turns: ~10 s against ~1.3 s), and no cache keeps that many anyway: beyond
 * this, the whole body is parsed as it would be with the cache off.
 */
export const MAX_TURNS_READ_APART = 10_000;

/** What a record's handle costs once its entry is let go: the entry's emptied shell and its slot. */
const HANDLE_BYTES = 128;

/**
 * Keeps `record` for the scope's next requests, with its turns cut to those still kept (storing a
 * body's later turns may have let its first ones go), unless none is: it could never be reused.
 * Its size counts the whole buffer its bytes are a view of, the head and the handles.
 */
function remember(turns: TurnCache, partition: string, record: BodyRecord): void {
  const live = record.turns.findIndex((each) => !turns.holds(each));
  const kept = live === -1 ? record.turns : record.turns.slice(0, live);
  if (kept.length === 0) return;
  const elements = record.elements.slice(0, 2 * kept.length);
  const size =
    record.bytes.buffer.byteLength + 2 * record.head.length + (HANDLE_BYTES + 16) * (kept.length + 1);
  turns.remember(partition, { ...record, turns: kept, elements }, size);
}

/** Values shared by every later request that repeats the turn: nothing may change them. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) frozen(inner);
  }
  return value;
}

/**
 * One part of the body depth-checked (within `maxDepth`), parsed and validated: undefined when any
 * of the three refuses it, for the whole body to be parsed again and the error worded as usual.
 */
function parsePart<S extends z.ZodType>(
  text: string,
  schema: S,
  maxDepth?: number,
  parse: (text: string) => unknown = JSON.parse,
): { value: unknown; data: z.output<S> } | undefined {
  if (tooDeepPath(text, maxDepth)) return undefined;
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return undefined;
  }
  const checked = schema.safeParse(value);
  return checked.success ? { value, data: checked.data } : undefined;
}

/**
 * A turn the body (`bytes`, read once: a decoded ASCII body makes them anew) does not repeat from a
 * recent one, whose key text `raw` (a slice of `text`) starts at byte `start`: from the cache, or decoded, depth-checked, parsed, validated and kept; with its
 * handle while it is kept, and its long strings as bytes when it was read. Undefined when the turn
 * is refused.
 */
function readTurn(
  body: RequestBody,
  bytes: Buffer,
  turns: TurnCache,
  partition: string,
  text: string,
  raw: string,
  start: number,
): { turn: ParsedTurn; handle: Kept | undefined; longStrings?: KnownStrings } | undefined {
  const found = turns.find(partition, raw);
  const seen = found && (turns.use(found) as ParsedTurn | undefined);
  if (seen) return { turn: seen, handle: found, longStrings: undefined };
  const turnText = body.textOf(start, start + raw.length);
  let longStrings: KnownStrings | undefined;
  const parse = (text: string) => {
    const read = parseWithLongStrings(text, bytes.subarray(start, start + raw.length), raw);
    longStrings = read.longStrings;
    return read.value;
  };
  const long = raw.length >= LONG_STRING_LENGTH;
  const message = parsePart(
    turnText,
    anthropicRequestMessageSchema,
    MAX_JSON_DEPTH - 2,
    long ? parse : JSON.parse,
  );
  if (!message) return undefined;
  const key = turns.keeps(raw) ? keyText(raw, text) : { text: raw, retained: 0 };
  const turn: ParsedTurn = {
    text: key.text,
    surplus: raw.length - turnText.length,
    raw: frozen(message.value),
    message: frozen(message.data),
  };
  return { turn, handle: turns.set(partition, key.text, turn, parsedSize(raw) + key.retained), longStrings };
}

/**
 * The request without its messages (the array between `open` and `close` left out), under its key
 * text `rest`: from the cache, or decoded, parsed, validated and kept; with its handle while it is
 * kept. Undefined when it is refused.
 */
function readRest(
  body: RequestBody,
  turns: TurnCache,
  partition: string,
  rest: string,
  { open, close }: { open: number; close: number },
): { rest: ParsedRest; handle: Kept | undefined } | undefined {
  const found = turns.find(partition, rest);
  const seen = found && (turns.use(found) as ParsedRest | undefined);
  if (seen) return { rest: seen, handle: found };
  const restText = body.textOf(0, open + 1) + body.textOf(close, body.byteLength);
  const top = parsePart(restText, anthropicMessagesRequestSchema);
  if (!top) return undefined;
  // The joined text refers to the body it was sliced from: the cache keeps a copy of its own.
  const key = turns.keeps(rest) ? detached(rest) : rest;
  const parsed: ParsedRest = {
    text: key,
    surplus: rest.length - restText.length,
    raw: frozen(top.value as Record<string, unknown>),
    data: frozen(top.data),
  };
  return { rest: parsed, handle: turns.set(partition, key, parsed, parsedSize(rest)) };
}

/**
 * `parseJsonBody(body.text, anthropicMessagesRequestSchema)`, with the turns that `scope` sent before
 * taken from `turns` as they were parsed then: only the rest of the request and its new turns are
 * decoded, depth-checked, parsed and validated. Parts are told apart, and looked up, in the body's
 * key text (`RequestBody`), so a part seen before is never decoded; and where the body repeats one
 * of the scope's recent bodies byte for byte (a conversation's next request), that stretch is
 * compared as bytes and its turns taken from the record of that body, so only what follows is made
 * key text and scanned. A message element sits at depth 3, so it gets the depth limit less two.
 * Whenever a part is refused, or the body's turns cannot be told apart with certainty, the whole
 * text goes through `parseJsonBody`, which gives the error its exact wording. `texts` (each turn's
 * key text, for the translation's cache) and `rest` (the key text without its turns, likewise)
 * come with the turns told apart. The rest (system, tools, fields), the same on every request of a
 * session, is reused the same way, by its exact bytes. `chars` is the length of the body's text,
 * which the token estimate counts. `longStrings` has, for a turn read in this request, its long
 * strings whose literals are their JSON as bytes (`parseWithLongStrings`), for its translation.
 */
export function parseMessagesBody(
  body: RequestBody,
  turns: TurnCache,
  scope: string,
): {
  raw: unknown;
  data: AnthropicMessagesRequest;
  chars: number;
  texts?: string[];
  rest?: string;
  longStrings?: (KnownStrings | undefined)[];
} {
  const whole = () => ({
    ...parseJsonBody(body.text, anthropicMessagesRequestSchema),
    chars: body.text.length,
  });
  const { bytes } = body;
  const recordPartition = `${scope}\nbody`;
  const start = repeated(bytes, turns.recent(recordPartition), turns);
  const reused = start?.parsed ?? [];
  // The key text from the end of the last repeated turn on, and the scan resumed there; where the
  // body also ends as the record's does, only up to that ending's `]`.
  const base = start ? start.record.elements[2 * reused.length - 1]! : 0;
  const ending = start && sameEnding(bytes, start.record, base);
  const known = start && { open: start.record.open, elements: start.record.elements, count: reused.length };
  let text = body.keyTextOf(base, ending === undefined ? undefined : ending + 1);
  let found = messageRanges(text, known, MAX_TURNS_READ_APART);
  const ended = ending !== undefined && found?.close === ending;
  if (ending !== undefined && !ended) {
    text = body.keyTextOf(base);
    found = messageRanges(text, known, MAX_TURNS_READ_APART);
  }
  if (!found) return whole();
  const keyOf = (from: number, to = bytes.length) => text.slice(from - base, to - base);
  // Kept by the record: its own copy, not a slice of this body's key text.
  const head = start?.record.head ?? detached(keyOf(0, found.open + 1));
  // The same head and ending as the record's: the same rest, unless it was let go since.
  const kept = ended ? start!.record.rest : undefined;
  const same = kept && (turns.use(kept) as ParsedRest | undefined);
  const restRead = same
    ? { rest: same, handle: kept }
    : readRest(
        body,
        turns,
        `${scope}\nrest`,
        head + (ended ? body.keyTextOf(found.close) : keyOf(found.close)),
        found,
      );
  if (!restRead) return whole();
  const parsed = restRead.rest;

  const partition = `${scope}\nparsed`;
  const texts: string[] = [];
  const raws: unknown[] = [];
  const messages: AnthropicRequestMessage[] = [];
  const handles: Kept[] = [];
  const longStrings: (KnownStrings | undefined)[] = [];
  const { elements } = found;
  let surplus = parsed.surplus;
  for (let i = 0; i < elements.length; i += 2) {
    const at = i / 2;
    const read =
      at < reused.length
        ? { turn: reused[at]!, handle: start!.record.turns[at], longStrings: undefined }
        : readTurn(body, bytes, turns, partition, text, keyOf(elements[i]!, elements[i + 1]!), elements[i]!);
    if (!read) return whole();
    const { turn, handle } = read;
    if (handle && handles.length === at) handles.push(handle);
    if (read.longStrings) longStrings[at] = read.longStrings;
    surplus += turn.surplus;
    texts.push(turn.text);
    raws.push(turn.raw);
    messages.push(turn.message);
  }
  remember(turns, recordPartition, {
    bytes,
    open: found.open,
    elements,
    turns: handles,
    head,
    close: found.close,
    rest: restRead.handle,
  });
  // Both keep `messages` where the text has it, as JSON.parse and the schema would; the request's
  // own top-level objects, which the shared rest's fields are frozen in. Between its parts the
  // body is ASCII, so its length in characters is its length in bytes less the parts' surplus.
  return {
    raw: { ...parsed.raw, messages: raws },
    data: { ...parsed.data, messages },
    chars: bytes.length - surplus,
    texts,
    rest: parsed.text,
    ...(longStrings.length > 0 ? { longStrings } : {}),
  };
}
