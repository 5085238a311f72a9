// Identifiers Aurora mints: message ids, tool-use ids, and the thinking-block signature it recognises.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes drawn in blocks: one system call per ~170 ids instead of one per id.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomBase62(length: number): string {
  if (poolOffset + length > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let out = '';
  // 248 = 4 × 62: rejecting bytes above it would be unbiased; a 0.8% bias is irrelevant for ids.
  for (let i = 0; i < length; i++) out += BASE62[pool[poolOffset + i]! % 62];
  poolOffset += length;
  return out;
}

/** Where translators get fresh ids; tests pass a deterministic one. */
export interface IdSource {
  messageId(): string;
  toolUseId(): string;
}

export const randomIds: IdSource = {
  messageId: () => `msg_${randomBase62(24)}`,
  toolUseId: () => `toolu_${randomBase62(24)}`,
};

/** Deterministic ids (`msg_aurora_1`, `toolu_aurora_1`, ...) for tests and fixtures. */
export function sequentialIds(): IdSource {
  let messages = 0;
  let tools = 0;
  return {
    messageId: () => `msg_aurora_${++messages}`,
    toolUseId: () => `toolu_aurora_${++tools}`,
  };
}

/**
 * Thinking that Aurora produced from a non-Anthropic upstream carries this signature, so that when
 * Claude Code sends it back, Aurora can tell it from a real Anthropic signature (which only Anthropic
 * accepts, and which must never go to anyone else).
 */
const AURORA_SIGNATURE_PREFIX = 'aurora:v1:';

/**
 * `aurora:v1:<source>`, followed by `:<base64url JSON>` of what the provider needs back to continue its
 * chain (its `reasoning_details` entries: signatures, encrypted reasoning, ids) when it sent any.
 */
export function auroraSignature(source: string, details?: readonly unknown[]): string {
  const base = AURORA_SIGNATURE_PREFIX + source;
  return details && details.length > 0 ? `${base}:${base64UrlEncode(JSON.stringify(details))}` : base;
}

/** The source and provider entries an Aurora signature carries; null for any other signature. */
export function readAuroraSignature(
  signature: string | null | undefined,
): { source: string; details: unknown[] } | null {
  if (!isAuroraSignature(signature)) return null;
  const rest = (signature as string).slice(AURORA_SIGNATURE_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return { source: rest, details: [] };
  try {
    const details: unknown = JSON.parse(base64UrlDecode(rest.slice(colon + 1)));
    return { source: rest.slice(0, colon), details: Array.isArray(details) ? details : [] };
  } catch {
    return { source: rest.slice(0, colon), details: [] };
  }
}

export function base64UrlEncode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function isAuroraSignature(signature: string | null | undefined): boolean {
  return typeof signature === 'string' && signature.startsWith(AURORA_SIGNATURE_PREFIX);
}

/** Stable hash-derived id of exactly nine [a-zA-Z0-9] characters (Mistral's tool-call id format). */
export function alphanumeric9(id: string, salt = 0): string {
  // Two independent 32-bit FNV-1a lanes give 64 bits, enough for nine base-62 digits.
  let a = 0x811c9dc5 ^ salt;
  let b = 0x01000193 ^ (salt * 31 + 7);
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b) ^ (b >>> 13);
  }
  let n = (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
  let out = '';
  for (let i = 0; i < 9; i++) {
    out += BASE62[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}
