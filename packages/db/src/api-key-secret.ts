import { createHash, randomBytes } from 'node:crypto';

// `sk-aurora-` + 32 random bytes; only the SHA-256 hash and a display prefix are stored.
const KEY_PREFIX = 'sk-aurora-';
const RANDOM_BYTES = 32;
// Enough of the random part to tell keys apart in a list, far too little to guess the rest.
const DISPLAY_CHARS = 6;

export interface GeneratedApiKey {
  /** The full key: shown to the operator once, never stored. */
  key: string;
  key_hash: string;
  prefix: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key that may be shown and logged; undefined for a token that is no Aurora key. */
export function displayPrefixOf(token: string): string | undefined {
  return token.startsWith(KEY_PREFIX) && token.length > KEY_PREFIX.length + DISPLAY_CHARS
    ? token.slice(0, KEY_PREFIX.length + DISPLAY_CHARS)
    : undefined;
}

export function generateApiKey(): GeneratedApiKey {
  const key = KEY_PREFIX + randomBytes(RANDOM_BYTES).toString('base64url');
  return { key, key_hash: hashApiKey(key), prefix: displayPrefixOf(key)! };
}
