import {
  type AnthropicMessagesRequest,
  type AnthropicRequestMessage,
  anthropicMessagesRequestSchema,
  anthropicRequestMessageSchema,
  messageRanges,
} from '@aurora/translate';
import type { z } from 'zod';
import { detached, keyText, parsedSize, type TurnCache } from '../providers/codecs/turn-cache.js';
import { parseJsonBody } from './json-body.js';
import { MAX_JSON_DEPTH, tooDeepPath } from './json-depth.js';
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
): { value: unknown; data: z.output<S> } | undefined {
  if (tooDeepPath(text, maxDepth)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const checked = schema.safeParse(value);
  return checked.success ? { value, data: checked.data } : undefined;
}

/**
 * `parseJsonBody(body.text, anthropicMessagesRequestSchema)`, with the turns that `scope` sent before
 * taken from `turns` as they were parsed then: only the rest of the request and its new turns are
 * decoded, depth-checked, parsed and validated. Parts are told apart, and looked up, in the body's
 * key text (`RequestBody`), so a part seen before is never decoded. A message element sits at depth
 * 3, so it gets the depth limit less two. Whenever a part is refused, or the body's turns cannot be
 * told apart with certainty, the whole text goes through `parseJsonBody`, which gives the error its
 * exact wording. `texts` (each turn's key text, for the translation's cache) and `rest` (the key
 * text without its turns, likewise) come with the turns told apart. The rest (system, tools,
 * fields), the same on every request of a session, is reused the same way, by its exact bytes.
 * `chars` is the length of the body's text, which the token estimate counts.
 */
export function parseMessagesBody(
  body: RequestBody,
  turns: TurnCache,
  scope: string,
): { raw: unknown; data: AnthropicMessagesRequest; chars: number; texts?: string[]; rest?: string } {
  const whole = () => ({
    ...parseJsonBody(body.text, anthropicMessagesRequestSchema),
    chars: body.text.length,
  });
  const text = body.keyText;
  const found = messageRanges(text);
  if (!found) return whole();
  const rest = text.slice(0, found.open + 1) + text.slice(found.close);
  const restPartition = `${scope}\nrest`;
  let parsed = turns.get(restPartition, rest) as ParsedRest | undefined;
  if (!parsed) {
    const restText = body.textOf(0, found.open + 1) + body.textOf(found.close, text.length);
    const top = parsePart(restText, anthropicMessagesRequestSchema);
    if (!top) return whole();
    // The joined text refers to the body it was sliced from: the cache keeps a copy of its own.
    const key = turns.keeps(rest) ? detached(rest) : rest;
    parsed = {
      text: key,
      surplus: rest.length - restText.length,
      raw: frozen(top.value as Record<string, unknown>),
      data: frozen(top.data),
    };
    turns.set(restPartition, key, parsed, parsedSize(rest));
  }

  const partition = `${scope}\nparsed`;
  const texts: string[] = [];
  const raws: unknown[] = [];
  const messages: AnthropicRequestMessage[] = [];
  const { elements } = found;
  let surplus = parsed.surplus;
  for (let i = 0; i < elements.length; i += 2) {
    const raw = text.slice(elements[i], elements[i + 1]);
    let turn = turns.get(partition, raw) as ParsedTurn | undefined;
    if (!turn) {
      const turnText = body.textOf(elements[i]!, elements[i + 1]!);
      const message = parsePart(turnText, anthropicRequestMessageSchema, MAX_JSON_DEPTH - 2);
      if (!message) return whole();
      const key = turns.keeps(raw) ? keyText(raw, text) : { text: raw, retained: 0 };
      turn = {
        text: key.text,
        surplus: raw.length - turnText.length,
        raw: frozen(message.value),
        message: frozen(message.data),
      };
      turns.set(partition, key.text, turn, parsedSize(raw) + key.retained);
    }
    surplus += turn.surplus;
    texts.push(turn.text);
    raws.push(turn.raw);
    messages.push(turn.message);
  }
  body.parsed();
  // Both keep `messages` where the text has it, as JSON.parse and the schema would; the request's
  // own top-level objects, which the shared rest's fields are frozen in. Between its parts the
  // body is ASCII, so its text is its key text less the parts' surplus.
  return {
    raw: { ...parsed.raw, messages: raws },
    data: { ...parsed.data, messages },
    chars: text.length - surplus,
    texts,
    rest: parsed.text,
  };
}
