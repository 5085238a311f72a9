import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, type TestGateway } from '../support/gateway.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../support/scripted-upstream.js';
import { startHostileGateway } from './hostile-gateway.js';

// 10,000 in the suite; `pnpm bench:fuzz` sends more (FUZZ_BODIES).
const BODIES = Number(process.env.FUZZ_BODIES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\ud800', 'claude-\udfff', 'nul\u0000', '', ' ', '💥'.repeat(30), '%', '{{', 'my-alias'),
);
const anything = fc.oneof({ maxDepth: 3 }, fc.jsonValue({ maxDepth: 4 }), oddText);
const block = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.oneof(oddText, anything) }),
  fc.record({
    type: fc.constant('image'),
    source: fc.oneof(
      anything,
      fc.record({ type: fc.constantFrom('base64', 'url'), data: oddText, url: oddText }),
    ),
  }),
  fc.record({ type: fc.constant('tool_use'), id: oddText, name: oddText, input: anything }),
  fc.record({
    type: fc.constant('tool_result'),
    tool_use_id: oddText,
    content: anything,
    is_error: anything,
  }),
  fc.record({
    type: fc.constantFrom('thinking', 'redacted_thinking', 'document', 'server_tool_use'),
    thinking: anything,
  }),
  fc.record({ type: oddText }),
  anything,
);
const message = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), oddText),
    content: fc.oneof(oddText, fc.array(block, { maxLength: 4 }), anything),
  },
  { requiredKeys: [] },
);
const tool = fc.record(
  { name: oddText, description: anything, input_schema: anything, type: oddText },
  { requiredKeys: [] },
);
const requestLike = fc.record(
  {
    model: fc.oneof(fc.constant('my-alias'), fc.constant('my-alias'), oddText, anything),
    max_tokens: fc.oneof(fc.integer(), fc.double(), fc.constant(1e300), fc.constant(-1), anything),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), anything),
    stream: fc.oneof(fc.boolean(), anything),
    system: fc.oneof(oddText, fc.array(block, { maxLength: 2 }), anything),
    tools: fc.oneof(fc.array(tool, { maxLength: 3 }), anything),
    tool_choice: anything,
    temperature: anything,
    thinking: anything,
    metadata: anything,
    stop_sequences: anything,
  },
  { requiredKeys: [] },
);
/** A valid request with odd text, odd extra fields and odd tools: mostly answered, not refused. */
const nearlyValid = fc
  .record({
    content: fc.oneof(
      oddText,
      fc.array(fc.record({ type: fc.constant('text'), text: oddText }), { minLength: 1, maxLength: 3 }),
    ),
    stream: fc.boolean(),
    system: fc.option(oddText, { nil: undefined }),
    tools: fc.option(
      fc.array(
        fc.record({
          name: fc.stringMatching(/^[a-zA-Z_]{1,20}$/),
          input_schema: fc.constant({ type: 'object' }),
        }),
        {
          maxLength: 2,
        },
      ),
      { nil: undefined },
    ),
    extra: fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), anything, { maxKeys: 2 }),
  })
  .map(({ content, stream, system, tools, extra }) =>
    JSON.stringify({
      ...extra,
      model: 'my-alias',
      max_tokens: 64,
      stream,
      messages: [{ role: 'user', content }],
      ...(system === undefined ? {} : { system }),
      ...(tools === undefined ? {} : { tools }),
    }),
  );
/** A nearly valid request, a request-like body, any JSON value, valid JSON cut short, or raw noise. */
const body = fc.oneof(
  { weight: 4, arbitrary: nearlyValid },
  { weight: 4, arbitrary: requestLike.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.tuple(requestLike, fc.nat()).map(([value, cut]) => {
      const text = JSON.stringify(value);
      return text.slice(0, cut % (text.length + 1));
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);
const route = fc.constantFrom('/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions');

describe(`fuzzing the model routes with ${BODIES} bodies`, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    gw = await startHostileGateway({
      providers: [{ name: 'up', kind: 'openai', base_url: upstream.url, api_key: 'sk-up' }],
      aliases: [{ name: 'my-alias', provider: 'up', model: 'm' }],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });

  it('never answers 5xx, and every error is in its protocol shape', { timeout: 600_000 }, async () => {
    const cases = fc.sample(fc.tuple(route, body), { numRuns: BODIES, seed: SEED });
    const failures: { path: string; body: string; status: number; answer: string }[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const client = async () => {
      while (next < cases.length) {
        const [path, text] = cases[next++]!;
        const response = await fetch(`${gw.url}${path}`, {
          method: 'POST',
          headers: { ...authHeaders(), 'content-type': 'application/json' },
          body: text,
        });
        const answer = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        let shaped = response.status < 400;
        if (!shaped) {
          try {
            const parsed = JSON.parse(answer) as {
              type?: string;
              error?: { type?: string; message?: string };
            };
            shaped = path.startsWith('/v1/chat/')
              ? typeof parsed.error?.message === 'string' && typeof parsed.error.type === 'string'
              : parsed.type === 'error' && typeof parsed.error?.type === 'string';
          } catch {
            shaped = false;
          }
        }
        if (response.status >= 500 || !shaped)
          failures.push({
            path,
            body: text.slice(0, 500),
            status: response.status,
            answer: answer.slice(0, 300),
          });
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    expect(failures.slice(0, 5)).toEqual([]);
    // The fuzz reached past validation too: some bodies were answered.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(BODIES / 10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(BODIES / 10);
    expect((await fetch(`${gw.url}/health`)).status).toBe(200);
  });
});
