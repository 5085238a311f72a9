import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Provider API keys at rest: AES-256-GCM with a random 96-bit nonce. The stored form is
 * `v1.<key id>.<nonce>.<ciphertext+tag>` (base64url): the key id (first bytes of the key's hash)
 * says which key opens it, so instances that know several keys (a rolling rotation) open each secret
 * with the right one, and a rotation can tell which secrets are still under an old key.
 */
export interface SecretBox {
  /** The key new secrets are sealed with. */
  keyId: string;
  /** Every key this box opens, the sealing key first. */
  knownKeyIds: readonly string[];
  seal(plaintext: string): string;
  open(sealed: string): string;
  /** The id of the key a stored secret was sealed with. */
  keyIdOf(sealed: string): string;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v1';

/**
 * `encryption_key` when set (any string of 16+ characters, stretched), else the master key. The same
 * derivation for both, so that a previous master key can serve as `previous_encryption_key`.
 */
export function deriveEncryptionKey(encryptionKey: string | undefined, masterKey: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', encryptionKey ?? masterKey, 'aurora-gateway', 'aurora provider secrets', 32),
  );
}

const keyIdOfKey = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

function parse(sealed: string) {
  const [version, keyId, nonce, body] = sealed.split('.');
  if (version !== VERSION || !keyId || !nonce || !body) {
    throw new SecretBoxError('stored provider secret is not in a format this gateway knows');
  }
  return { keyId, nonce, body };
}

/** Seals with `key`; opens what `key` or any of `alsoOpens` sealed. */
export function createSecretBox(key: Buffer, alsoOpens: readonly Buffer[] = []): SecretBox {
  for (const k of [key, ...alsoOpens]) {
    if (k.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes');
  }
  const keyId = keyIdOfKey(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  for (const k of alsoOpens) if (!keys.has(keyIdOfKey(k))) keys.set(keyIdOfKey(k), k);
  const knownKeyIds = [...keys.keys()];
  return {
    keyId,
    knownKeyIds,
    keyIdOf: (sealed) => parse(sealed).keyId,
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, keyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const { keyId: sealedKeyId, nonce, body } = parse(sealed);
      const opener = keys.get(sealedKeyId);
      if (!opener) {
        throw new SecretBoxError(
          `stored provider secret was encrypted with another key (${sealedKeyId}; this gateway knows ${knownKeyIds.join(', ')}); set that key as encryption_key or previous_encryption_key, or re-enter the provider's API key`,
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', opener, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(0, bytes.length - 16)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'stored provider secret failed authentication: it was altered or the key is wrong',
        );
      }
    },
  };
}
