// The upstream body as UTF-8 bytes, built from turns translated once: Claude Code resends the whole
// conversation on every request, so each turn seen before is reused as the bytes it became, and only
// new turns are translated, serialised and encoded; the rest of the request (system, tools, fields),
// the same on every request of a session, is reused likewise. The result is byte for byte the UTF-8 of
// `JSON.stringify(anthropicRequestToOpenAI(...))`, dropped paths included.

import type { AnthropicMessagesRequest, AnthropicRequestMessage } from '../anthropic/request.js';
import type { OpenAIChatRequest, OpenAIContentPart, OpenAIMessage } from '../openai/request.js';
import type { OpenAITarget } from '../openai/target.js';
import {
  anthropicBlocksToParts,
  anthropicSystemToParts,
  joinSystemParts,
} from './anthropic-content-to-openai.js';
import {
  anthropicRequestToOpenAI,
  applyRequestFields,
  dropUntranslatedFields,
  pushAnthropicTurn,
  reasoningPassback,
} from './anthropic-request-to-openai.js';
import { jsonWithKnownStrings, type KnownStrings } from './long-strings.js';
import { clampMaxTokens } from './max-tokens.js';
import { createToolIdMapper, type ToolIdMapper } from './tool-call-ids.js';

/**
 * What a turn asked of the tool-id mapper, in order: the only thing its translation reads of the
 * other turns (a result is kept as a `tool` message only after its call; Mistral's ids are assigned
 * in order of first use). Replaying it on a later request both checks that the turn would translate
 * the same there and moves the mapper on as translating it would.
 */
export type ToolIdStep =
  | readonly ['upstream', string, string]
  | readonly ['called', string, boolean]
  | readonly ['add', string];

/** One turn as the upstream gets it. */
export interface TranslatedTurn {
  /**
   * The OpenAI messages the turn became, as the UTF-8 of their JSON joined by commas (empty when
   * none): kept encoded, because encoding a long text, most of all one with characters past Latin-1,
   * costs more than parsing it.
   */
  json: Uint8Array;
  /** Paths the translation dropped, after the turn's own `messages.<i>`. */
  dropped: readonly string[];
  toolIds: readonly ToolIdStep[];
}

/**
 * Where translated turns wait for the next request. `partition` separates callers and translation
 * settings; `raw` is the turn's exact JSON text, the whole key, so that a hit means the same bytes.
 * It is kept as given: what it keeps alive of the request body is the caller's to decide and count.
 */
export interface TurnStore {
  get(partition: string, raw: string): TranslatedTurn | undefined;
  set(partition: string, raw: string, turn: TranslatedTurn): void;
}

/** What the request without its messages became: the upstream body around them, and its drops. */
export interface TranslatedRest {
  /** Paths dropped before the turns' (untranslated fields, system blocks) and after them (fields). */
  before: readonly string[];
  after: readonly string[];
  /** The system parts, which merged system turns extend, and their message when none does. */
  system: readonly OpenAIContentPart[];
  systemJson: Uint8Array | undefined;
  /** The body up to the messages' first element, and from after their last. */
  start: Uint8Array;
  end: Uint8Array;
}

/** Where translated rests wait, as `TurnStore` keeps turns: `raw` is the rest's exact JSON text. */
export interface RestStore {
  get(partition: string, raw: string): TranslatedRest | undefined;
  set(partition: string, raw: string, rest: TranslatedRest): void;
}

export interface TurnReuse {
  store: TurnStore;
  /** Who is asking (an API key's id): turns are never shared across callers. */
  scope: string;
  /**
   * Each element of the request's `messages` as its exact JSON text (found by `messageRanges` in the
   * body), the same strings the ingress keyed its parsed turns by: one copy serves both caches.
   */
  texts: readonly string[];
  /**
   * The request's text with its `messages` emptied, exactly (the ingress's key for its parsed rest),
   * and where its translation is kept. The text stands for `req` outside its messages: a caller that
   * changed a top-level field (took the tools out) keys that variant apart, by its `scope`.
   */
  rest?: { text: string; store: RestStore };
  /**
   * For each element of `texts` parsed by this request, where known: its long strings, each as the
   * exact UTF-8 of its JSON (the literal it came in as), which the turn's translation copies.
   */
  longStrings?: readonly (KnownStrings | undefined)[];
}

const utf8 = new TextEncoder();
const COMMA = 0x2c;

/** `start`, then `parts` with a comma between two, then `end`: the body in one allocation. */
function joinBytes(start: Uint8Array, parts: Uint8Array[], end: Uint8Array): Uint8Array {
  let length = start.length + Math.max(0, parts.length - 1) + end.length;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  out.set(start);
  let at = start.length;
  parts.forEach((part, i) => {
    if (i > 0) out[at++] = COMMA;
    out.set(part, at);
    at += part.length;
  });
  out.set(end, at);
  return out;
}

const fromScratch = (req: AnthropicMessagesRequest, target: OpenAITarget, dropped?: string[]) =>
  utf8.encode(JSON.stringify(anthropicRequestToOpenAI(req, target, dropped)));

// A provider's quirks are resolved once and never changed in place, so their text is kept per object
// rather than serialised again on every request.
const quirksTexts = new WeakMap<OpenAITarget['quirks'], string>();
const quirksText = (quirks: OpenAITarget['quirks']) => {
  let text = quirksTexts.get(quirks);
  if (text === undefined) {
    text = JSON.stringify(quirks);
    quirksTexts.set(quirks, text);
  }
  return text;
};

/** The translation settings a turn depends on: the quirks and whether reasoning goes back. */
const settingsOf = (target: OpenAITarget) => `${reasoningPassback(target)}\n${quirksText(target.quirks)}`;

function replay(steps: readonly ToolIdStep[], ids: ToolIdMapper): boolean {
  for (const step of steps) {
    if (step[0] === 'upstream') {
      if (ids.upstream(step[1]) !== step[2]) return false;
    } else if (step[0] === 'called') {
      if (ids.called.has(step[1]) !== step[2]) return false;
    } else ids.called.add(step[1]);
  }
  return true;
}

function translateTurn(
  message: AnthropicRequestMessage,
  target: OpenAITarget,
  ids: ToolIdMapper,
  longStrings: KnownStrings | undefined,
): TranslatedTurn {
  const toolIds: ToolIdStep[] = [];
  const recorded: ToolIdMapper = {
    upstream(id) {
      const out = ids.upstream(id);
      toolIds.push(['upstream', id, out]);
      return out;
    },
    called: {
      has(id) {
        const seen = ids.called.has(id);
        toolIds.push(['called', id, seen]);
        return seen;
      },
      add(id) {
        ids.called.add(id);
        toolIds.push(['add', id]);
      },
    },
  };
  const messages: OpenAIMessage[] = [];
  const dropped: string[] = [];
  pushAnthropicTurn(messages, message, target, recorded, '', (path) => dropped.push(path));
  return { json: jsonWithKnownStrings(messages, longStrings), dropped, toolIds };
}

/** Whether the request is one whose turns translate independently (see docs/performance.md). */
function reusable(req: AnthropicMessagesRequest, target: OpenAITarget): boolean {
  const q = target.quirks;
  // A system message mid-conversation joined to the user turns around it changes their text.
  if (q.system_in_user_turn && !q.merge_system_messages && req.messages.some((m) => m.role === 'system'))
    return false;
  // Extras that replace `messages` itself leave nothing to splice into.
  return !('messages' in target.quirks.extra_body) && !(target.params && 'messages' in target.params);
}

/**
 * The UTF-8 of `JSON.stringify(anthropicRequestToOpenAI(req, target, dropped))`, reusing the turns
 * (`reuse.texts`, the texts `req.messages` were parsed from) found in `reuse.store` and storing the
 * ones that were not. Falls back to the whole translation when the turns do not translate apart.
 */
export function anthropicRequestToOpenAIBody(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  reuse: TurnReuse,
  dropped?: string[],
): Uint8Array {
  const { texts } = reuse;
  if (!reusable(req, target) || texts.length !== req.messages.length)
    return fromScratch(req, target, dropped);

  const q = target.quirks;
  const merged: OpenAIContentPart[] = [];
  const paths: string[] = [];
  const drop = (path: string) => paths.push(path);
  const turns: Uint8Array[] = [];
  const ids = createToolIdMapper(target.quirks.tool_call_id);
  const partition = `${reuse.scope}\n${settingsOf(target)}`;
  req.messages.forEach((message, i) => {
    // Merged into the leading system message, which therefore is built last (these are short).
    if (message.role === 'system' && q.merge_system_messages) {
      merged.push(...anthropicBlocksToParts(message.content, q, `messages.${i}`, drop));
      return;
    }
    const raw = texts[i]!;
    let turn = reuse.store.get(partition, raw);
    // A replay that stops half-way leaves the mapper as the translation's same first steps would.
    if (!turn || !replay(turn.toolIds, ids)) {
      turn = translateTurn(message, target, ids, reuse.longStrings?.[i]);
      reuse.store.set(partition, raw, turn);
    }
    for (const path of turn.dropped) drop(`messages.${i}${path}`);
    if (turn.json.length > 0) turns.push(turn.json);
  });

  const rest = cachedRest(req, target, reuse);
  if (!rest) return fromScratch(req, target, dropped);
  let system = rest.systemJson;
  if (merged.length > 0 || !system) {
    const parts = [...rest.system, ...merged];
    if (parts.length > 0)
      system = utf8.encode(JSON.stringify({ role: 'system', content: joinSystemParts(parts) }));
  }
  if (system) turns.unshift(system);
  dropped?.push(...rest.before, ...paths, ...rest.after);
  return joinBytes(rest.start, turns, rest.end);
}

/** The rest from `reuse.rest`'s store, or translated (undefined: it leaves no messages to fill). */
function cachedRest(
  req: AnthropicMessagesRequest,
  target: OpenAITarget,
  reuse: TurnReuse,
): TranslatedRest | undefined {
  if (!reuse.rest) return translateRest(req, target);
  // The token estimate counts the turns: the rest reads it only through the clamped limit.
  const settings = JSON.stringify({ ...target, estimatedInputTokens: undefined });
  const key = `${reuse.scope}\nrest\n${clampMaxTokens(req.max_tokens, target)}\n${settings}`;
  const found = reuse.rest.store.get(key, reuse.rest.text);
  if (found) return found;
  const made = translateRest(req, target);
  if (made) reuse.rest.store.set(key, reuse.rest.text, made);
  return made;
}

function translateRest(req: AnthropicMessagesRequest, target: OpenAITarget): TranslatedRest | undefined {
  const before: string[] = [];
  const after: string[] = [];
  dropUntranslatedFields(req, (path) => before.push(path));
  const system = anthropicSystemToParts(req.system, target.quirks, (path) => before.push(path));
  const placeholder: OpenAIChatRequest['messages'] = [];
  const body: OpenAIChatRequest = { model: target.model, messages: placeholder };
  applyRequestFields(body, req, target, (path) => after.push(path));
  const rest = JSON.stringify(body);
  // `model` and `messages` are the body's first keys whatever the extras set, so the empty array
  // stands right after the model.
  const head = `{"model":${JSON.stringify(body.model)},"messages":[`;
  if (body.messages !== placeholder || !rest.startsWith(head) || rest[head.length] !== ']') return undefined;
  const systemJson =
    system.length > 0
      ? utf8.encode(JSON.stringify({ role: 'system', content: joinSystemParts(system) }))
      : undefined;
  return {
    before,
    after,
    system,
    systemJson,
    start: utf8.encode(head),
    end: utf8.encode(rest.slice(head.length)),
  };
}
