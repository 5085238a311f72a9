import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

function folderWith(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'aurora.yaml'), yaml);
  return dir;
}

describe('loadConfig', () => {
  it('starts from the documented defaults when there is no file and no env', () => {
    const cwd = folderWith();
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      port: 8080,
      data_dir: join(cwd, '.aurora'),
      enable_anthropic_ingress: true,
      enable_openai_ingress: true,
      connect_timeout_ms: 10_000,
      first_byte_timeout_ms: 300_000,
      idle_timeout_ms: 300_000,
      max_body_bytes: 32 * 1024 * 1024,
      translation_cache_bytes: 64 * 1024 * 1024,
      log_bodies: false,
      log_retention_days: 30,
      providers: [],
      aliases: [],
    });
    expect(config.master_key).toBeUndefined();
    expect(config.database_url).toBeUndefined();
  });

  it('reads aurora.yaml and substitutes ${VAR} and ${VAR:-default}', () => {
    const cwd = folderWith(`
port: \${APP_PORT:-9000}
master_key: \${MY_MASTER}
providers:
  - name: deepseek
    kind: openai
    base_url: https://api.deepseek.com/v1
    api_key: \${DEEPSEEK_API_KEY}
aliases:
  - name: my-alias
    provider: deepseek
    model: deepseek-chat
    max_output_tokens: 8192
    fallbacks: [ { provider: deepseek, model: deepseek-reasoner } ]
`);
    const config = loadConfig({
      env: { MY_MASTER: 'master-key-0123456789', DEEPSEEK_API_KEY: 'sk-ds' },
      cwd,
    });
    expect(config.port).toBe(9000);
    expect(config.master_key).toBe('master-key-0123456789');
    expect(config.providers[0]).toMatchObject({ name: 'deepseek', api_key: 'sk-ds' });
    expect(config.aliases[0]?.fallbacks).toEqual([{ provider: 'deepseek', model: 'deepseek-reasoner' }]);
  });

  it('treats a key whose variable is unset as absent, so defaults and key generation apply', () => {
    const cwd = folderWith('master_key: ${UNSET_MASTER}\nport: ${UNSET_PORT}\n');
    const config = loadConfig({ env: {}, cwd });
    expect(config.master_key).toBeUndefined();
    expect(config.port).toBe(8080);
  });

  it('lets env win over the file, and AURORA_<KEY> win over the bare platform name', () => {
    const cwd = folderWith('port: 9000\nlog_level: warn\n');
    expect(loadConfig({ env: { PORT: '7000' }, cwd }).port).toBe(7000);
    expect(loadConfig({ env: { PORT: '7000', AURORA_PORT: '7100' }, cwd }).port).toBe(7100);
    expect(loadConfig({ env: { AURORA_LOG_LEVEL: 'debug' }, cwd }).log_level).toBe('debug');
    expect(loadConfig({ env: { AURORA_LOG_BODIES: 'true' }, cwd }).log_bodies).toBe(true);
    expect(loadConfig({ env: { DATABASE_URL: 'postgres://u@h:5432/d' }, cwd }).database_url).toBe(
      'postgres://u@h:5432/d',
    );
  });

  it('reads the file named by AURORA_CONFIG and refuses a missing one', () => {
    const cwd = folderWith();
    writeFileSync(join(cwd, 'custom.yaml'), 'port: 1234\n');
    expect(loadConfig({ env: { AURORA_CONFIG: 'custom.yaml' }, cwd }).port).toBe(1234);
    expect(() => loadConfig({ env: { AURORA_CONFIG: 'nope.yaml' }, cwd })).toThrow(
      /cannot read config file .*nope\.yaml/,
    );
  });

  it('names the key, the problem, the value and the file when a value is wrong', () => {
    const cwd = folderWith('port: seventy\n');
    const error = (() => {
      try {
        loadConfig({ env: {}, cwd });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain(join(cwd, 'aurora.yaml'));
    expect(error?.message).toMatch(/port: .*"seventy"/);
  });

  it('names nested keys such as aliases.0.provider', () => {
    const cwd = folderWith('aliases:\n  - name: a\n    model: m\n');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/aliases\.0\.provider/);
  });

  it('refuses unknown top-level keys so that typos are not silently ignored', () => {
    const cwd = folderWith('prot: 8080\n');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/unknown key "prot"/);
  });

  it('blames the environment variable when the bad value came from it', () => {
    const cwd = folderWith();
    expect(() => loadConfig({ env: { AURORA_PORT: '99999' }, cwd })).toThrow(
      /environment variable AURORA_PORT: port/,
    );
  });

  it('refuses YAML that does not parse, naming the file', () => {
    const cwd = folderWith('port: [8080\n');
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/aurora\.yaml is not valid YAML/);
  });
  it('never echoes a rejected secret', () => {
    const cwd = folderWith('providers:\n  - { name: p, kind: openai, base_url: "http://x", api_key: 42 }\n');
    for (const env of [
      { AURORA_MASTER_KEY: 'short-secret-1' },
      { AURORA_ENCRYPTION_KEY: 'short-secret-1' },
    ]) {
      expect(() => loadConfig({ env, cwd: folderWith() })).toThrow(ConfigError);
      expect(() => loadConfig({ env, cwd: folderWith() })).not.toThrow(/short-secret-1/);
    }
    expect(() => loadConfig({ env: {}, cwd })).toThrow(/api_key/);
    expect(() => loadConfig({ env: {}, cwd })).not.toThrow(/42/);
  });
});
