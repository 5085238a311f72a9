import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Provider API keys at rest: AES-256-GCM with a random 96-bit nonce. The stored form is
 * `v1.<key id>.<nonce>.<ciphertext+tag>` (base64url): the key id (first bytes of the key's hash)
 * lets a rotation tell which secrets are still under the old key.
 */
export interface SecretBox {
  keyId: string;
  seal(plaintext: string): string;
  open(sealed: string): string;
}

class SecretBoxError extends Error {
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

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes');
  const keyId = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return {
    keyId,
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, keyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, sealedKeyId, nonce, body] = sealed.split('.');
      if (version !== VERSION || !sealedKeyId || !nonce || !body) {
        throw new SecretBoxError('stored provider secret is not in a format this gateway knows');
      }
      if (sealedKeyId !== keyId) {
        throw new SecretBoxError(
          `stored provider secret was encrypted with another key (${sealedKeyId}); set the encryption_key it was stored with, or re-enter the provider's API key`,
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
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
