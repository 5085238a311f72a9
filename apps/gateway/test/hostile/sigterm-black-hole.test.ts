import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@aurora/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPOOL_FILE } from '../../src/usage/log-writer.js';
import { listeningUrl, runCli } from '../support/cli-process.js';
import { postMessages, TEST_MASTER_KEY } from '../support/gateway.js';
import {
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../support/scripted-upstream.js';
import { hostAndPort, startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { until } from '../support/until.js';
import { countLogRows } from './hostile-gateway.js';

const postgresUrl = process.env.TEST_DATABASE_URL;
const SHUTDOWN_TIMEOUT_MS = 2_000;

describe.skipIf(!postgresUrl)('SIGTERM while the database answers nothing', () => {
  let upstream: ScriptedUpstream;
  let proxy: TcpProxy;
  let database: TestDatabase;
  let cwd: string;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({ json: chatCompletion({ content: 'hi' }) });
    proxy = await startTcpProxy(hostAndPort(postgresUrl!));
    database = await createTestDatabase('postgres', { migrated: false });
    cwd = mkdtempSync(join(tmpdir(), 'aurora-black-hole-'));
    writeFileSync(
      join(cwd, 'aurora.yaml'),
      [
        'providers:',
        `  - { name: up, kind: openai, base_url: "${upstream.url}", api_key: sk-up }`,
        'aliases:',
        '  - { name: my-alias, provider: up, model: m }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    proxy?.restore();
    await database?.dispose();
    await proxy?.close();
    await upstream?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  const serve = () => {
    const run = runCli(['serve'], {
      cwd,
      env: {
        AURORA_PORT: '0',
        AURORA_HOST: '127.0.0.1',
        AURORA_MASTER_KEY: TEST_MASTER_KEY,
        AURORA_DATABASE_URL: proxy.through(database.openOptions.databaseUrl!),
        AURORA_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        AURORA_LOG_LEVEL: 'info',
      },
    });
    return run;
  };
  const ask = async (url: string) => {
    const response = await postMessages(url, {
      model: 'my-alias',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hello' }],
    });
    await response.arrayBuffer();
    return response.status;
  };
  const logRows = () => countLogRows(database.openOptions.databaseUrl!);

  it('exits within shutdown_timeout_ms + 2 s and the next start writes the rows it kept', {
    timeout: 120_000,
  }, async () => {
    const first = serve();
    const url = await listeningUrl(first);
    for (let i = 0; i < 5; i++) expect(await ask(url)).toBe(200);
    await until(async () => (await logRows()) === 5);

    proxy.blackHole();
    // The hot path never waits on the database: these are answered, their rows wait in memory.
    for (let i = 0; i < 5; i++) expect(await ask(url)).toBe(200);
    const signalled = performance.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    const tookMs = performance.now() - signalled;
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
    const spooled = readFileSync(join(cwd, '.aurora', SPOOL_FILE), 'utf8')
      .trim()
      .split('\n');
    expect(spooled).toHaveLength(5);

    proxy.restore();
    const second = serve();
    try {
      await listeningUrl(second);
      await until(async () => (await logRows()) === 10);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    expect(await logRows()).toBe(10);
  });
});
