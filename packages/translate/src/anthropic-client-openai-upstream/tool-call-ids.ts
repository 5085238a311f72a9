import { alphanumeric9, base64UrlDecode, base64UrlEncode, type IdSource } from '../ids.js';
import type { Quirks } from '../quirks/schema.js';

// Tool-call ids round-trip: the provider's own id is the `tool_use` id when Anthropic accepts it, so
// the model sees its own ids again in the history (Kimi's `functions.Bash:0`, Mistral's nine
// characters) and traces match the provider's logs. Other ids travel encoded under this prefix and are
// decoded on the way back up.
const ENCODED_PREFIX = 'toolu_b64_';
const ANTHROPIC_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * The `tool_use` id for an upstream call id: the id itself, its reversible encoding, or — when the
 * provider sent none or one already used in this answer — a fresh one. `used` collects the answer's ids.
 */
export function toolUseIdFromUpstream(
  upstreamId: string | null | undefined,
  used: Set<string>,
  ids: IdSource,
): string {
  let id: string | undefined;
  if (upstreamId) {
    id =
      ANTHROPIC_ID.test(upstreamId) && !upstreamId.startsWith(ENCODED_PREFIX)
        ? upstreamId
        : ENCODED_PREFIX + base64UrlEncode(upstreamId);
  }
  if (!id || used.has(id)) id = ids.toolUseId();
  used.add(id);
  return id;
}

/** The provider's own id behind a `tool_use` id (the inverse of `toolUseIdFromUpstream`). */
export function upstreamToolCallId(toolUseId: string): string {
  if (!toolUseId.startsWith(ENCODED_PREFIX)) return toolUseId;
  try {
    return base64UrlDecode(toolUseId.slice(ENCODED_PREFIX.length));
  } catch {
    return toolUseId;
  }
}

export interface ToolIdMapper {
  upstream(id: string): string;
  /** Upstream ids of the tool calls already in the translated history. */
  called: { has(id: string): boolean; add(id: string): void };
}

/**
 * Ids in the history back to what the provider issued; a provider with an id format (Mistral) gets
 * ids not already in it hashed into that format, identical for the call and its result.
 */
export function createToolIdMapper(format: Quirks['tool_call_id']): ToolIdMapper {
  if (format === 'any') return { upstream: upstreamToolCallId, called: new Set() };
  const mapped = new Map<string, string>();
  const used = new Set<string>();
  return {
    called: new Set(),
    upstream(id) {
      let out = mapped.get(id);
      if (out) return out;
      const original = upstreamToolCallId(id);
      out = /^[a-zA-Z0-9]{9}$/.test(original) ? original : alphanumeric9(original);
      for (let salt = 1; used.has(out); salt++) out = alphanumeric9(original, salt);
      mapped.set(id, out);
      used.add(out);
      return out;
    },
  };
}
