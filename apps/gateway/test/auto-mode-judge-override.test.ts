/**
 * Which judge answers auto mode's checks: a key's own judge comes first, then the judge of the alias
 * the request resolved to, then the gateway-wide `auto_mode_judge`. A judge naming no alias is
 * refused when it is written.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminApi } from './support/admin-api.js';
import { postMessages, startTestGateway, type TestGateway } from './support/gateway.js';
import {
  chatCompletion,
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const JUDGE_MODELS = ['gateway-judge-model', 'alias-judge-model', 'key-judge-model'];
const modelOf = (request: RecordedRequest) => (request.body as { model?: string }).model ?? '';
const isJudge = (request: RecordedRequest) => JUDGE_MODELS.includes(modelOf(request));

function request(model: string) {
  return {
    model,
    max_tokens: 512,
    safeguards: [{ type: 'dangerous_tool_use', classifier_context: { v: 1 } }],
    messages: [{ role: 'user', content: 'List the files.' }],
    tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }],
  };
}

/** A scripted judge that says which model it is, so the verdict shows who was asked. */
function judgeAnswer(seen: RecordedRequest) {
  const verdicts = { call_ls_1: { flagged: false, explanation: `Judged by ${modelOf(seen)}.` } };
  return { json: chatCompletion({ content: JSON.stringify({ verdicts }) }) };
}

describe('per-key and per-alias auto mode judges', { timeout: 120_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let admin: ReturnType<typeof adminApi>;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault((seen) =>
      isJudge(seen) ? judgeAnswer(seen) : { json: chatCompletion({ content: 'unscripted' }) },
    );
    gw = await startTestGateway('pglite', {
      auto_mode_judge: 'gateway-judge',
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        { name: 'plain', provider: 'scripted', model: 'main-model' },
        // Names a judge the file defines further down.
        { name: 'judged', provider: 'scripted', model: 'main-model', auto_mode_judge: 'alias-judge' },
        { name: 'gateway-judge', provider: 'scripted', model: 'gateway-judge-model' },
        { name: 'alias-judge', provider: 'scripted', model: 'alias-judge-model' },
        { name: 'key-judge', provider: 'scripted', model: 'key-judge-model' },
      ],
    });
    admin = adminApi(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
  });

  /** Sends one request whose answer calls Bash; answers which models judged it and the verdict's words. */
  async function judgedBy(model: string, token?: string) {
    upstream.enqueue({
      when: (seen) => !isJudge(seen),
      json: chatCompletion({ toolCalls: [{ id: 'call_ls_1', name: 'Bash', arguments: { command: 'ls' } }] }),
    });
    const answer = await postMessages(gw.url, request(model), token);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      content: { type: string; id?: string }[];
      safeguard_results: { status: { tool_uses: Record<string, { explanation?: string }> } }[];
    };
    const id = body.content.find((block) => block.type === 'tool_use')!.id!;
    return {
      asked: upstream.requests.filter(isJudge).map(modelOf),
      explanation: body.safeguard_results[0]!.status.tool_uses[id]?.explanation,
    };
  }

  it('asks the gateway-wide judge when neither key nor alias names one', async () => {
    expect(await judgedBy('plain')).toEqual({
      asked: ['gateway-judge-model'],
      explanation: 'Judged by gateway-judge-model.',
    });
  });

  it("asks the alias's judge when the key has none", async () => {
    const plainKey = await admin('POST', '/keys', { name: 'no-judge' });
    expect(plainKey.status).toBe(201);
    expect(plainKey.body.auto_mode_judge).toBeNull();
    expect(await judgedBy('judged', plainKey.body.key)).toEqual({
      asked: ['alias-judge-model'],
      explanation: 'Judged by alias-judge-model.',
    });
  });

  it("asks the key's judge instead of the alias's and the gateway's", async () => {
    const judgedKey = await admin('POST', '/keys', { name: 'own-judge', auto_mode_judge: 'key-judge' });
    expect(judgedKey.status).toBe(201);
    expect(judgedKey.body.auto_mode_judge).toBe('key-judge');
    for (const model of ['judged', 'plain']) {
      upstream.requests.length = 0;
      expect(await judgedBy(model, judgedKey.body.key)).toEqual({
        asked: ['key-judge-model'],
        explanation: 'Judged by key-judge-model.',
      });
    }
    // Cleared, the key falls back to the alias's judge.
    const cleared = await admin('PATCH', `/keys/${judgedKey.body.id}`, { auto_mode_judge: null });
    expect(cleared.body.auto_mode_judge).toBeNull();
    upstream.requests.length = 0;
    expect((await judgedBy('judged', judgedKey.body.key)).asked).toEqual(['alias-judge-model']);
  });

  it('refuses a key or alias judge that names no alias, saying so', async () => {
    const key = await admin('POST', '/keys', { name: 'typo', auto_mode_judge: 'no-such-judge' });
    expect(key.status).toBe(400);
    expect(key.text).toContain('There is no alias named \\"no-such-judge\\" to judge');
    const aliases = (await admin('GET', '/aliases')).body.data as { id: string; name: string }[];
    const plain = aliases.find((alias) => alias.name === 'plain')!;
    const patched = await admin('PATCH', `/aliases/${plain.id}`, { auto_mode_judge: 'no-such-judge' });
    expect(patched.status).toBe(400);
    expect(patched.text).toContain('no-such-judge');
    expect((await admin('GET', `/aliases/${plain.id}`)).body.auto_mode_judge).toBeNull();
    const set = await admin('PATCH', `/aliases/${plain.id}`, { auto_mode_judge: 'key-judge' });
    expect(set.body.auto_mode_judge).toBe('key-judge');
  });

  it('refuses to start with an aurora.yaml alias whose judge names no alias', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aurora-judge-test-'));
    try {
      await expect(
        startTestGateway(
          'pglite',
          {
            providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url }],
            aliases: [{ name: 'typo', provider: 'scripted', model: 'm', auto_mode_judge: 'no-such-judge' }],
          },
          { dataDir },
        ),
      ).rejects.toThrow('aliases.0.auto_mode_judge: There is no alias named "no-such-judge"');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
