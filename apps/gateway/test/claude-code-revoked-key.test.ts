/**
 * A revoked key with the real Claude Code CLI: the gateway's 401 carries `x-should-retry: false`, so
 * the CLI stops after one request (without it, 2.1.332 retries a 401 eleven times over ~3 minutes)
 * and prints the message that says whom to ask for a key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { findClaudeBinary, runClaudeProcess, startRecordingProxy } from './support/claude-cli.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { chatChunks, type ScriptedUpstream, startScriptedUpstream } from './support/scripted-upstream.js';

const claudeBinary = findClaudeBinary();

describe.runIf(claudeBinary)('a revoked key and the real Claude Code CLI', { timeout: 180_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault({ sse: chatChunks({ content: 'should not be reached' }) });
    gw = await startTestGateway('pglite', {
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [{ name: 'cc-main', provider: 'scripted', model: 'main-model', context_window: 200_000 }],
    });
    proxy = await startRecordingProxy(gw.url);
  });
  afterAll(async () => {
    proxy?.server.closeAllConnections();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await gw?.stop();
    await upstream?.close();
  });

  it('stops after one request and says whom to ask', async () => {
    const admin = adminApi(gw.url);
    const created = await admin('POST', '/keys', { name: 'leaver' });
    expect((await admin('DELETE', `/keys/${created.body.id}`)).status).toBe(200);
    const home = mkdtempSync(join(tmpdir(), 'aurora-cc-revoked-'));
    try {
      const run = await runClaudeProcess([claudeBinary!, '-p', 'Say hi.'], {
        cwd: home,
        home,
        env: {
          ANTHROPIC_BASE_URL: proxy.url,
          ANTHROPIC_AUTH_TOKEN: created.body.key,
          ANTHROPIC_MODEL: 'cc-main',
          CLAUDE_CODE_AUTO_COMPACT_WINDOW: '200000',
        },
      });
      expect(run.timedOut).toBe(false);
      expect(run.code).not.toBe(0);
      const messages = proxy.seen.filter((seen) => seen.url.startsWith('/v1/messages'));
      expect(messages.map((seen) => seen.status)).toEqual([401]);
      expect(`${run.stdout}${run.stderr}`).toContain('This API key has been revoked. Ask the operator');
      expect(upstream.requests).toHaveLength(0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
