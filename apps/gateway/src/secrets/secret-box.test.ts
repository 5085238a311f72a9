import { describe, expect, it } from 'vitest';
import { createSecretBox, deriveEncryptionKey } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(deriveEncryptionKey(undefined, 'sk-aurora-master-for-tests'));

  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = box.seal('sk-upstream-secret-123');
    expect(sealed).not.toContain('sk-upstream-secret-123');
    expect(sealed.startsWith(`v1.${box.keyId}.`)).toBe(true);
    expect(box.open(sealed)).toBe('sk-upstream-secret-123');
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('derives different keys from encryption_key and from the master key', () => {
    const fromEncryptionKey = createSecretBox(
      deriveEncryptionKey('a-dedicated-encryption-key', 'sk-aurora-master-for-tests'),
    );
    expect(fromEncryptionKey.keyId).not.toBe(box.keyId);
    expect(() => fromEncryptionKey.open(box.seal('x'))).toThrow(/encrypted with another key/);
  });

  it('opens what any key it knows sealed, and seals with its own key only', () => {
    const oldKey = deriveEncryptionKey('the-old-encryption-key', 'm');
    const newKey = deriveEncryptionKey('the-new-encryption-key', 'm');
    const before = createSecretBox(oldKey);
    // Step one of a rolling rotation: the new key is known but not used yet.
    const aware = createSecretBox(oldKey, [newKey]);
    const after = createSecretBox(newKey, [oldKey]);
    const sealedOld = before.seal('sk-provider');
    const sealedNew = after.seal('sk-provider');
    expect(after.keyIdOf(sealedNew)).toBe(after.keyId);
    expect(aware.keyId).toBe(before.keyId);
    for (const box of [aware, after]) {
      expect(box.open(sealedOld)).toBe('sk-provider');
      expect(box.open(sealedNew)).toBe('sk-provider');
    }
    expect(aware.knownKeyIds).toEqual([before.keyId, after.keyId]);
    expect(() => before.open(sealedNew)).toThrow(
      new RegExp(`another key \\(${after.keyId}; this gateway knows ${before.keyId}\\)`),
    );
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(/failed authentication/);
  });
});
