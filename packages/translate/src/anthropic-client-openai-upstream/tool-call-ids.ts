import { alphanumeric9 } from '../ids.js';
import type { Quirks } from '../quirks/schema.js';

export interface ToolIdMapper {
  upstream(id: string): string;
  /** Upstream ids of the tool calls already in the translated history. */
  called: Set<string>;
}

/**
 * Ids Claude Code sends back are ours (`toolu_…`) or from a real Anthropic session; a provider with an
 * id format gets a stable hash of each in that format, identical for the call and its result.
 */
export function createToolIdMapper(format: Quirks['tool_call_id']): ToolIdMapper {
  if (format === 'any') return { upstream: (id) => id, called: new Set() };
  const mapped = new Map<string, string>();
  const used = new Set<string>();
  return {
    called: new Set(),
    upstream(id) {
      let out = mapped.get(id);
      if (out) return out;
      out = /^[a-zA-Z0-9]{9}$/.test(id) ? id : alphanumeric9(id);
      for (let salt = 1; used.has(out); salt++) out = alphanumeric9(id, salt);
      mapped.set(id, out);
      used.add(out);
      return out;
    },
  };
}
