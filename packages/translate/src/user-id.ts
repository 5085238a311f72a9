import { createHash } from 'node:crypto';

/**
 * `metadata.user_id` → a stable identifier of at most 64 characters (OpenAI's `user` limit). Claude Code
 * sends a JSON string with a per-session id; hashing only its device and account part keeps the value
 * the same across sessions of one user, which is what abuse monitoring and prompt-cache routing want.
 */
// Every request of a session carries the same user_id: remember the last few instead of re-hashing.
const recent = new Map<string, string>();
const RECENT_LIMIT = 256;

export function stableUserId(userId: string): string {
  const known = recent.get(userId);
  if (known !== undefined) return known;
  const derived = deriveUserId(userId);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(userId, derived);
  return derived;
}

function deriveUserId(userId: string): string {
  let stable = userId;
  if (userId.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(userId);
      if (parsed && typeof parsed === 'object') {
        const { device_id, account_uuid } = parsed as Record<string, unknown>;
        if (typeof device_id === 'string' || typeof account_uuid === 'string') {
          stable = `${String(device_id ?? '')}|${String(account_uuid ?? '')}`;
        }
      }
    } catch {
      // Not JSON after all: hash the whole string.
    }
  }
  return `aurora_${createHash('sha256').update(stable).digest('hex').slice(0, 40)}`;
}
