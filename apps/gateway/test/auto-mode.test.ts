/**
 * Auto mode's check over HTTP, for a translated (OpenAI-compatible) provider with a judge alias:
 * `safeguard_results` at the top level of JSON answers and in the final `message_delta` of streams,
 * one judge call per answer with tool calls, its own request-log row, and the user's environment
 * (`classifier_context`) in no log row even with `log_bodies`.
 */

import { requestLogs } from '@aurora/db';
import { createSSEParser } from '@aurora/translate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postMessages, startTestGateway, type TestGateway } from './support/gateway.js';
import {
  chatChunks,
  chatCompletion,
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const SECRET_PATH = '/home/someone/very-private-project';
const safeguards = [
  { type: 'dangerous_tool_use', classifier_context: { v: 1, live_cwd: SECRET_PATH, rules: { allow: [] } } },
];
const isJudge = (request: RecordedRequest) => (request.body as { model?: string }).model === 'judge-model';

function request(stream: boolean) {
  return {
    model: 'main',
    max_tokens: 512,
    stream,
    safeguards,
    messages: [{ role: 'user', content: 'List the files.' }],
    tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }],
  };
}

const bashCall = { id: 'call_ls_1', name: 'Bash', arguments: { command: 'ls' } };
/** The tool_use ids the judge was asked about, read from its question. */
function askedIds(request: RecordedRequest): string[] {
  const question = JSON.stringify((request.body as { messages: unknown }).messages);
  return [...question.matchAll(/\{\\"id\\":\\"([^\\]+)\\",\\"name\\":\\"Bash\\"/g)].map((match) => match[1]!);
}

/** A scripted judge: the same verdict for every id it is asked about. */
function judgeAnswer(request: RecordedRequest, flagged: boolean) {
  const verdicts = Object.fromEntries(
    askedIds(request).map((id) => [id, { flagged, explanation: 'Lists the project files.' }]),
  );
  return { json: chatCompletion({ content: JSON.stringify({ verdicts }) }) };
}

describe('auto mode through a translated provider', { timeout: 120_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let judgeFlags = false;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault((seen) =>
      isJudge(seen) ? judgeAnswer(seen, judgeFlags) : { json: chatCompletion({ content: 'unscripted' }) },
    );
    gw = await startTestGateway('pglite', {
      log_bodies: true,
      auto_mode_judge: 'judge',
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        { name: 'main', provider: 'scripted', model: 'main-model' },
        { name: 'judge', provider: 'scripted', model: 'judge-model' },
      ],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
  });

  it('puts the verdict at the top level of a JSON answer, keyed by the tool_use id', async () => {
    judgeFlags = false;
    upstream.enqueue({ when: (seen) => !isJudge(seen), json: chatCompletion({ toolCalls: [bashCall] }) });
    const answer = await postMessages(gw.url, request(false));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      content: { type: string; id?: string }[];
      safeguard_results: unknown;
    };
    const id = body.content.find((block) => block.type === 'tool_use')!.id!;
    expect(body.safeguard_results).toEqual([
      {
        type: 'dangerous_tool_use',
        status: {
          type: 'available',
          tool_uses: {
            [id]: { type: 'evaluated', outcome: 'not_flagged', explanation: 'Lists the project files.' },
          },
        },
      },
    ]);
    const judged = upstream.requests.filter(isJudge);
    expect(judged).toHaveLength(1);
    // Structured output, with every id required.
    expect((judged[0]!.body as { response_format: unknown }).response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { schema: { properties: { verdicts: { required: [id] } } } },
    });
  });

  it('puts the verdict in the final message_delta of a stream', async () => {
    judgeFlags = true;
    upstream.enqueue({ when: (seen) => !isJudge(seen), sse: chatChunks({ toolCalls: [bashCall] }) });
    const answer = await postMessages(gw.url, request(true));
    const parser = createSSEParser();
    const frames = parser.feed(new Uint8Array(await answer.arrayBuffer()));
    const deltas = frames
      .filter((frame) => frame.event === 'message_delta')
      .map((frame) => JSON.parse(frame.data));
    expect(deltas).toHaveLength(1);
    const started = frames
      .filter((frame) => frame.event === 'content_block_start')
      .map((frame) => JSON.parse(frame.data).content_block)
      .find((block) => block.type === 'tool_use');
    expect(deltas[0].delta.safeguard_results[0].status.tool_uses).toEqual({
      [started.id]: { type: 'evaluated', outcome: 'flagged', explanation: 'Lists the project files.' },
    });
    expect(frames.at(-1)!.event).toBe('message_stop');
  });

  it('asks no judge for an answer without tool calls', async () => {
    upstream.enqueue({ json: chatCompletion({ content: 'Nothing to run.' }) });
    const body = (await (await postMessages(gw.url, request(false))).json()) as {
      safeguard_results: unknown;
    };
    expect(body.safeguard_results).toEqual([
      { type: 'dangerous_tool_use', status: { type: 'available', tool_uses: {} } },
    ]);
    expect(upstream.requests.filter(isJudge)).toHaveLength(0);
  });

  it('sends no safeguards upstream and logs the judge call as its own row, never the environment', async () => {
    judgeFlags = false;
    upstream.enqueue({ when: (seen) => !isJudge(seen), json: chatCompletion({ toolCalls: [bashCall] }) });
    expect((await postMessages(gw.url, request(false))).status).toBe(200);
    const main = upstream.requests.find((seen) => !isJudge(seen))!;
    expect(JSON.stringify(main.body)).not.toContain('safeguards');
    await gw.gateway.usage.logs.flush();
    const rows = await gw.gateway.database.db.select().from(requestLogs);
    expect(rows.map((row) => row.alias)).toEqual(expect.arrayContaining(['main', 'judge']));
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(SECRET_PATH);
    }
  });
});
