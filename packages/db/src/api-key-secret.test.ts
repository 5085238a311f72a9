import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey } from './api-key-secret';

describe('generateApiKey', () => {
  it('makes an sk-aurora- key of 32 random bytes with its SHA-256 hash and a short display prefix', () => {
    const { key, key_hash, prefix } = generateApiKey();
    expect(key).toMatch(/^sk-aurora-[A-Za-z0-9_-]{43}$/);
    expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key_hash).toBe(hashApiKey(key));
    expect(prefix).toBe(key.slice(0, 16));
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey().key));
    expect(keys.size).toBe(100);
  });
});

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
