import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, listeningUrl, runCli } from './support/cli-process.js';
import { TEST_MASTER_KEY } from './support/gateway.js';

// Each CLI run starts Node and PGlite afresh: slow on a loaded machine, so the limits are generous.
const STARTUP_MS = 120_000;
const slow = { timeout: 300_000 };

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

/** `aurora serve` in `cwd` on a free loopback port (with the test master key unless `generated`), killed after the test. */
function serve(cwd: string, { generated = false } = {}): CliRun {
  const env: Record<string, string> = { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' };
  if (!generated) env.AURORA_MASTER_KEY = TEST_MASTER_KEY;
  const run = runCli(['serve'], { cwd, env });
  running.push(run);
  return run;
}

/** Runs a CLI command; `AURORA_URL` points nowhere unless `env` gives one (or removes it with ''). */
async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const all: Record<string, string> = { AURORA_URL: 'http://127.0.0.1:9', ...env };
  if (all.AURORA_URL === '') delete all.AURORA_URL;
  const run = runCli(args, { cwd, env: all });
  running.push(run);
  const code = await run.exited;
  return { code, ...run.output() };
}

describe('aurora keys and aliases without a running gateway', () => {
  it('creates, lists and revokes keys in the embedded database, and lists aliases', slow, async () => {
    const cwd = folderWithAlias();
    // Start once so that the config's aliases are stored, then stop.
    const gateway = serve(cwd, { generated: true });
    await gateway.waitFor('aurora gateway listening', STARTUP_MS);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);

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

    const revoked = await cli(['keys', 'revoke', 'ci-bot'], cwd);
    expect(revoked.stdout).toContain('Revoked key "ci-bot"');
    const again = await cli(['keys', 'revoke', id], cwd);
    expect(again.stderr).toContain('is already revoked');
    expect((await cli(['keys', 'list'], cwd)).stdout).toMatch(/ci-bot\s+\S+\s+revoked/);

    const aliases = await cli(['aliases', 'list'], cwd);
    expect(aliases.stdout).toMatch(/my-alias\s+up\s+m\s+true\s+8192/);
  });

  it('refuses bad arguments with one line that says what to fix', slow, async () => {
    const cwd = folderWithAlias();
    const noName = await cli(['keys', 'create'], cwd);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toBe(
      'aurora: keys create: --name is required, e.g. aurora keys create --name ci-bot\n',
    );
    const badRpm = await cli(['keys', 'create', '--name', 'x', '--rpm', 'lots'], cwd);
    expect(badRpm.stderr).toBe('aurora: keys create: --rpm takes a whole number above 0, not "lots"\n');
    const past = await cli(['keys', 'create', '--name', 'x', '--expires', '2020-01-01'], cwd);
    expect(past.stderr).toContain('--expires: The expiry is in the past');
    const noAlias = await cli(['keys', 'create', '--name', 'x', '--aliases', 'nothing-*'], cwd);
    expect(noAlias.stderr).toContain('The pattern "nothing-*" matches no alias');
    const badExpiry = await cli(['keys', 'create', '--name', 'x', '--expires', 'soon'], cwd);
    expect(badExpiry.stderr).toContain('neither a duration like 30d');
  });

  it('says so when neither a gateway nor the database can be reached', slow, async () => {
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
  it('creates the key through the admin API, and it works at once', slow, async () => {
    const cwd = folderWithAlias();
    const gateway = serve(cwd);
    const url = await listeningUrl(gateway, STARTUP_MS);

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

describe('aurora keys next to a gateway that holds the embedded database', () => {
  it('finds the gateway through data_dir whatever its port, and the key works at once', slow, async () => {
    const cwd = folderWithAlias();
    const gateway = serve(cwd);
    const url = await listeningUrl(gateway, STARTUP_MS);
    // The banner is written after the listening line, possibly in a later chunk of output.
    await gateway.waitFor(`Admin UI: ${url}/ui/`, STARTUP_MS);

    const created = await cli(['keys', 'create', '--name', 'found', '--aliases', 'my-*'], cwd, {
      AURORA_URL: '',
      AURORA_MASTER_KEY: TEST_MASTER_KEY,
    });
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`through the gateway at ${url}`);
    const key = /^(sk-aurora-\S+)$/m.exec(created.stdout)![1]!;
    const models = await fetch(`${url.replace('localhost', '127.0.0.1')}/v1/models`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(models.status).toBe(200);

    // A second gateway on the same data_dir is refused before it opens the database.
    const second = serve(cwd, { generated: true });
    expect(await second.exited).toBe(1);
    expect(second.output().stderr).toMatch(
      new RegExp(
        `held by process ${gateway.child.pid} \\(aurora serve\\), serving ${url}: stop that process first`,
      ),
    );
  });

  it('refuses, saying what to do, when the owner holds the database but does not answer', slow, async () => {
    const cwd = folderWithAlias();
    const gateway = serve(cwd);
    await gateway.waitFor('aurora gateway listening', STARTUP_MS);
    gateway.child.kill('SIGSTOP');
    try {
      const created = await cli(['keys', 'create', '--name', 'lost'], cwd, {
        AURORA_URL: '',
        AURORA_MASTER_KEY: TEST_MASTER_KEY,
      });
      expect(created.code).toBe(1);
      expect(created.stderr).toMatch(
        new RegExp(
          `^aurora: process ${gateway.child.pid} \\(aurora serve\\) holds the embedded database in .* but does not answer at http://\\S+: wait until it is up and run this again, or stop it first\n$`,
        ),
      );
    } finally {
      gateway.child.kill('SIGCONT');
    }
    // Nothing was written behind the gateway's back: the gateway never heard of a key named "lost".
    const listed = await cli(['keys', 'list'], cwd, { AURORA_URL: '', AURORA_MASTER_KEY: TEST_MASTER_KEY });
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('lost');
  });
});
