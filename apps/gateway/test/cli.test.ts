import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './support/cli-process.js';
import { until } from './support/until.js';

const running: CliRun[] = [];
afterEach(() => {
  for (const run of running.splice(0)) run.child.kill('SIGKILL');
});

function start(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const run = runCli(args, { cwd, env });
  running.push(run);
  return run;
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'aurora-cli-'));

/** A start-up failure is exit code 1 and one line on stderr that says what to fix. */
async function expectStartupFailure(run: CliRun, pattern: RegExp): Promise<void> {
  expect(await run.exited).toBe(1);
  const lines = run.output().stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('aurora serve from a fresh folder', () => {
  it('generates and prints a master key with Claude Code settings, serves /health and /ui/, and stops on SIGTERM', async () => {
    const cwd = freshDir();
    const run = start(['serve'], cwd, { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' });
    await run.waitFor('aurora gateway listening');
    const { stdout } = run.output();
    const key = /Master key: (sk-aurora-\S+)/.exec(stdout)?.[1];
    expect(key).toBeDefined();
    expect(readFileSync(join(cwd, '.aurora', 'master_key'), 'utf8').trim()).toBe(key);
    expect(stdout).toContain(`export ANTHROPIC_AUTH_TOKEN='${key}'`);
    expect(stdout).toContain(`$env:ANTHROPIC_AUTH_TOKEN = '${key}'`);
    expect(stdout).toContain(`"ANTHROPIC_AUTH_TOKEN": "${key}"`);

    const url = /"url":"(http:\/\/[^"]+)"/.exec(stdout)![1]!.replace('localhost', '127.0.0.1');
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const ui = await fetch(`${url}/ui/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');
    // Log lines are written in batches, but a quiet gateway's still come out while it runs.
    const models = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);
    await run.waitFor('"path":"/v1/models"');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('shutting down');

    const again = start(['serve'], cwd, { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' });
    await again.waitFor('aurora gateway listening');
    expect(again.output().stdout).not.toContain('Master key:');
  });

  it('stops cleanly on a SIGTERM that arrives while it is still starting, and starts again on the same data', async () => {
    const cwd = freshDir();
    const run = start(['serve'], cwd, { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' });
    // The claim is written before the embedded database opens, which takes seconds: the signal lands mid-start.
    await until(() => existsSync(join(cwd, '.aurora', 'owner.json')), 120_000);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const { stdout } = run.output();
    expect(stdout).toContain('shutting down as soon as the start finishes');
    expect(stdout.indexOf('aurora gateway listening')).toBeLessThan(stdout.indexOf('the start has finished'));
    expect(existsSync(join(cwd, '.aurora', 'owner.json'))).toBe(false);

    const again = start(['serve'], cwd, { AURORA_PORT: '0', AURORA_HOST: '127.0.0.1' });
    await again.waitFor('aurora gateway listening');
  });

  it('applies migrations with `aurora migrate`', async () => {
    const run = start(['migrate'], freshDir());
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('migrations applied (pglite)');
  });
});

describe('start-up refuses bad input with one clear line', () => {
  it('names the key, the problem and the file of an invalid config', async () => {
    const cwd = freshDir();
    writeFileSync(join(cwd, 'aurora.yaml'), 'port: eighty\n');
    await expectStartupFailure(start(['serve'], cwd), /aurora\.yaml: port: .*"eighty"/);
  });

  it('says when the config file named by AURORA_CONFIG cannot be read', async () => {
    await expectStartupFailure(
      start(['serve'], freshDir(), { AURORA_CONFIG: '/nonexistent/aurora.yaml' }),
      /cannot read config file \/nonexistent\/aurora\.yaml/,
    );
  });

  it('says which database_url is unreachable, without its password', async () => {
    await expectStartupFailure(
      start(['serve'], freshDir(), {
        DATABASE_URL: 'postgres://aurora:hunter2@127.0.0.1:1/aurora',
        AURORA_MASTER_KEY: 'sk-aurora-test-master-key-0123456789',
      }),
      /cannot connect to database_url postgres:\/\/aurora:\*\*\*@127\.0\.0\.1:1\/aurora/,
    );
  });

  it('says when data_dir is not writable', async () => {
    const cwd = freshDir();
    writeFileSync(join(cwd, 'a-file'), '');
    await expectStartupFailure(
      start(['serve'], cwd, { AURORA_DATA_DIR: join(cwd, 'a-file', 'data') }),
      /data_dir .*a-file\/data is not writable.*AURORA_DATA_DIR/,
    );
  });

  it('says when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expectStartupFailure(
        start(['serve'], freshDir(), { AURORA_PORT: String(port), AURORA_HOST: '127.0.0.1' }),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      blocker.close();
    }
  });
});
