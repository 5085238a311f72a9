import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './support/cli-process.js';
import { TEST_MASTER_KEY } from './support/gateway.js';

const running: CliRun[] = [];
afterEach(() => {
  for (const run of running.splice(0)) run.child.kill('SIGKILL');
});

function folderWithAlias(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'aurora-cli-keys-'));
  writeFileSync(
    join(cwd, 'aurora.yaml'),
    'providers:\n  - { name: up, kind: openai, base_url: "http://127.0.0.1:9/v1" }\naliases:\n  - { name: my-alias, provider: up, model: m, max_output_tokens: 8192 }\n',
  );
  return cwd;
}

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const run = runCli(args, { cwd, env: { AURORA_URL: 'http://127.0.0.1:9', ...env } });
  running.push(run);
  const code = await run.exited;
  return { code, ...run.output() };
}

describe('aurora keys and aliases without a running gateway', () => {
  it('creates, lists and revokes keys in the embedded database, and lists aliases', async () => {
    const cwd = folderWithAlias();
    // Start once so that the config's aliases are stored, then stop.
    const serve = runCli(['serve'], { cwd, env: { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' } });
    running.push(serve);
    await serve.waitFor('aurora gateway listening');
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);

    const created = await cli(['keys', 'create', '--name', 'ci-bot', '--expires', '30d', '--rpm', '5'], cwd);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('through the embedded database');
    const key = /^(sk-aurora-\S+)$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    const id = /id ([0-9a-f-]{36})/.exec(created.stdout)![1]!;

    const listed = await cli(['keys', 'list'], cwd);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+ci-bot\\s+sk-aurora-\\S+\\s+active`));
    expect(listed.stdout).not.toContain(key!);

    const revoked = await cli(['keys', 'revoke', id], cwd);
    expect(revoked.stdout).toContain('Revoked key "ci-bot"');
    expect((await cli(['keys', 'list'], cwd)).stdout).toMatch(/ci-bot\s+\S+\s+revoked/);

    const aliases = await cli(['aliases', 'list'], cwd);
    expect(aliases.stdout).toMatch(/my-alias\s+up\s+m\s+true\s+8192/);
  });

  it('refuses bad arguments with one line that says what to fix', async () => {
    const cwd = folderWithAlias();
    const noName = await cli(['keys', 'create'], cwd);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/^aurora: keys create: --name/);
    const badExpiry = await cli(['keys', 'create', '--name', 'x', '--expires', 'soon'], cwd);
    expect(badExpiry.stderr).toContain('neither a duration like 30d');
  });

  it('says so when neither a gateway nor the database can be reached', async () => {
    const cwd = folderWithAlias();
    const result = await cli(['keys', 'list'], cwd, {
      DATABASE_URL: 'postgres://aurora@127.0.0.1:1/aurora',
      AURORA_MASTER_KEY: TEST_MASTER_KEY,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /no gateway answers at http:\/\/127\.0\.0\.1:9 .*cannot open the database either: cannot connect to database_url/,
    );
  });
});

describe('aurora keys with a running gateway', () => {
  it('creates the key through the admin API, and it works at once', async () => {
    const cwd = folderWithAlias();
    const serve = runCli(['serve'], {
      cwd,
      env: { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1', AURORA_MASTER_KEY: TEST_MASTER_KEY },
    });
    running.push(serve);
    await serve.waitFor('aurora gateway listening');
    const url = /"url":"(http:\/\/[^"]+)"/.exec(serve.output().stdout)![1]!.replace('localhost', '127.0.0.1');

    const created = await cli(['keys', 'create', '--name', 'through-api', '--aliases', 'my-alias'], cwd, {
      AURORA_URL: url,
      AURORA_MASTER_KEY: TEST_MASTER_KEY,
    });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`through the gateway at ${url}`);
    const key = /^(sk-aurora-\S+)$/m.exec(created.stdout)![1]!;
    const models = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(['my-alias']);

    const wrongKey = await cli(['keys', 'list'], cwd, {
      AURORA_URL: url,
      AURORA_MASTER_KEY: 'sk-aurora-not-the-master-key',
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('answered 401');
  });
});
