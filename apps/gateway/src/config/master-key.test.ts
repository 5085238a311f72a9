import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { masterKeyProblem, resolveMasterKey } from './master-key.js';

describe('resolveMasterKey', () => {
  it('uses the configured key and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-key-'));
    expect(resolveMasterKey('configured-master-key', dir)).toEqual({
      key: 'configured-master-key',
      generated: false,
    });
  });

  it('generates a key once, stores it with mode 0600, and reuses it on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aurora-key-'));
    const first = resolveMasterKey(undefined, dir);
    expect(first.generated).toBe(true);
    expect(first.key).toMatch(/^sk-aurora-[A-Za-z0-9_-]{43}$/);
    const path = join(dir, 'master_key');
    expect(readFileSync(path, 'utf8').trim()).toBe(first.key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = resolveMasterKey(undefined, dir);
    expect(second).toEqual({ key: first.key, generated: false, path });
  });
});

describe('masterKeyProblem', () => {
  it('refuses a generated master key on a shared Postgres, and only there', () => {
    expect(masterKeyProblem({ database_url: 'postgres://db/aurora' })).toMatch(
      /^master_key is not set: a generated master key is for the embedded database only/,
    );
    expect(masterKeyProblem({ database_url: 'postgres://db/aurora', master_key: 'k'.repeat(20) })).toBe(
      undefined,
    );
    expect(masterKeyProblem({})).toBe(undefined);
  });
});
