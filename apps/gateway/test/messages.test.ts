import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  postMessages,
  startTestGateway,
  TEST_MASTER_KEY,
  type TestGateway,
  testEngines,
} from './support/gateway.js';
import {
  anthropicEvents,
  anthropicMessage,
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const bashTool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { command: { type: 'string' }, timeout: { type: 'number', exclusiveMinimum: 0 } },
    required: ['command'],
    additionalProperties: false,
  },
};

describe.each(testEngines())('POST /v1/messages on %s', (engine) => {
  let primary: ScriptedUpstream;
  let backup: ScriptedUpstream;
  let native: ScriptedUpstream;
  let gw: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    [primary, backup, native] = await Promise.all([
      startScriptedUpstream(),
      startScriptedUpstream(),
      startScriptedUpstream(),
    ]);
    gw = await startTestGateway(engine, {
      max_body_bytes: 200_000,
      providers: [
        { name: 'primary', kind: 'openai', base_url: primary.url, api_key: 'sk-primary-secret' },
        { name: 'backup', kind: 'openai', base_url: backup.url, api_key: 'sk-backup-secret' },
        { name: 'native', kind: 'anthropic', base_url: native.url, api_key: 'sk-native-secret' },
      ],
      aliases: [
        {
          name: 'my-alias',
          provider: 'primary',
          model: 'deepseek-chat',
          max_output_tokens: 8192,
          context_window: 64_000,
          fallbacks: [{ provider: 'backup', model: 'backup-model' }],
        },
        { name: 'claude-haiku-*', provider: 'backup', model: 'small-model' },
        { name: 'passthrough', provider: 'native', model: 'claude-upstream-model' },
        { name: 'chatty', provider: 'primary', model: 'chat-only', supports_tools: false },
      ],
    });
    client = new Anthropic({ baseURL: gw.url, authToken: TEST_MASTER_KEY, apiKey: null, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    await Promise.all([primary?.close(), backup?.close(), native?.close()]);
  });
  beforeEach(() => {
    for (const upstream of [primary, backup, native]) upstream.requests.length = 0;
  });

  it('answers a non-streaming request through the official SDK, translated both ways', async () => {
    primary.enqueue({
      json: chatCompletion({
        content: 'Hello from upstream',
        usage: { prompt_tokens: 30, completion_tokens: 4, cached_tokens: 10 },
      }),
    });
    const message = await client.messages.create({
      model: 'my-alias',
      max_tokens: 20_000,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.model).toBe('my-alias');
    expect(message.content).toEqual([{ type: 'text', text: 'Hello from upstream' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 20, cache_read_input_tokens: 10, output_tokens: 4 });

    const sent = primary.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-primary-secret');
    expect(sent.body).toMatchObject({
      model: 'deepseek-chat',
      max_tokens: 8192,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  it('streams text and a tool call that the SDK accumulates into the same message', async () => {
    primary.enqueue({
      sse: chatChunks({
        content: 'Let me check.',
        toolCalls: [{ name: 'Bash', arguments: { command: 'ls -la' } }],
        fragmentSize: 3,
      }),
    });
    const stream = client.messages.stream({
      model: 'my-alias',
      max_tokens: 1024,
      tools: [bashTool as Anthropic.Tool],
      messages: [{ role: 'user', content: 'list files' }],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toEqual({ type: 'text', text: 'Let me check.' });
    expect(message.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'Bash',
      input: { command: 'ls -la' },
    });
    // The provider's own call id is the tool_use id, so the history carries it back unchanged.
    expect((message.content[1] as Anthropic.ToolUseBlock).id).toBe('call_scripted_0');
    expect(primary.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends no tools to an alias marked as without tool calls', async () => {
    primary.enqueue({ json: chatCompletion({ content: 'I can only talk' }) });
    await client.messages.create({
      model: 'chatty',
      max_tokens: 100,
      tools: [bashTool as Anthropic.Tool],
      tool_choice: { type: 'auto' },
      messages: [{ role: 'user', content: 'run ls' }],
    });
    const sent = primary.requests[0]!.body as Record<string, unknown>;
    expect(sent.model).toBe('chat-only');
    expect(sent).not.toHaveProperty('tools');
    expect(sent).not.toHaveProperty('tool_choice');
  });

  it('sends a long tool output upstream as the client wrote it, escapes and characters past Latin-1 included', async () => {
    const output = (turn: number) => `turn ${turn}: ✓ passed “quoted” \\ \t 😀 \u0007\n`.repeat(1_200);
    const call = (turn: number) => ({
      role: 'assistant' as const,
      content: [
        { type: 'tool_use' as const, id: `toolu_${turn}`, name: 'Bash', input: { command: 'pnpm test' } },
      ],
    });
    const result = (turn: number) => ({
      role: 'user' as const,
      content: [{ type: 'tool_result' as const, tool_use_id: `toolu_${turn}`, content: output(turn) }],
    });
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'run the tests' }];
    for (const turn of [1, 2]) {
      messages.push(call(turn), result(turn));
      primary.enqueue({ json: chatCompletion({ content: 'all green' }) });
      await client.messages.create({
        model: 'my-alias',
        max_tokens: 100,
        tools: [bashTool as Anthropic.Tool],
        messages,
      });
      const sent = primary.requests.at(-1)!.body as { messages: { role: string; content: unknown }[] };
      expect(sent.messages.filter((each) => each.role === 'tool').map((each) => each.content)).toEqual(
        [1, 2].slice(0, turn).map(output),
      );
    }
  });

  it('accepts ?beta=true and x-api-key, and answers with a request id and the x-aurora headers', async () => {
    primary.enqueue({ json: chatCompletion({ content: 'ok' }) });
    const response = await fetch(`${gw.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        'x-api-key': TEST_MASTER_KEY,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({ model: 'my-alias', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(response.headers.get('x-aurora-provider')).toBe('primary');
    expect(response.headers.get('x-aurora-model')).toBe('deepseek-chat');
  });

  it('routes the Claude ids sub-agents send through a glob alias', async () => {
    backup.enqueue({ json: chatCompletion({ content: 'haiku here' }) });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'quick' }],
    });
    expect(message.model).toBe('claude-haiku-4-5-20251001');
    expect(backup.requests[0]!.body).toMatchObject({ model: 'small-model' });
  });

  it('refuses an unknown model with a 400 that lists the aliases', async () => {
    const error = await client.messages
      .create({ model: 'gpt-17', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
      error: { type: string; message: string };
    };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('Unknown model "gpt-17"');
    expect(body.error.message).toContain('my-alias');
  });

  it('refuses a missing or wrong token with 401 in the Anthropic shape', async () => {
    const missing = await fetch(`${gw.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const wrong = await postMessages(gw.url, '{}', 'sk-aurora-wrong');
    expect(wrong.status).toBe(401);
  });

  it('names the bad field of an invalid body, refuses broken JSON, and 413s an oversized body', async () => {
    const post = (body: string) => postMessages(gw.url, body);
    const invalid = await post(JSON.stringify({ model: 'my-alias', max_tokens: 'many', messages: [] }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/^max_tokens/);
    const broken = await post('{"model":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'The request body is not valid JSON' },
    });
    const huge = await post(
      JSON.stringify({
        model: 'my-alias',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x'.repeat(300_000) }],
      }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
    expect(primary.requests).toHaveLength(0);
  });

  it('counts a chunked body against the limit as it arrives, and reads a small one normally', async () => {
    const chunked = (text: string) =>
      fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const huge = await chunked(
      JSON.stringify({
        model: 'my-alias',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'x'.repeat(300_000) }],
      }),
    );
    expect(huge.status).toBe(413);
    primary.enqueue({ json: chatCompletion({ content: 'chunked ok' }) });
    const small = await chunked(
      JSON.stringify({ model: 'my-alias', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(small.status).toBe(200);
  });

  it('retries a 503 on the same provider before answering', async () => {
    primary.enqueue(
      { status: 503, body: { error: { message: 'busy' } } },
      { json: chatCompletion({ content: 'second try' }) },
    );
    const message = await client.messages.create({
      model: 'my-alias',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'second try' }]);
    expect(primary.requests).toHaveLength(2);
  });

  it('falls back to the next target when the provider keeps failing', async () => {
    for (let i = 0; i < 3; i++) primary.enqueue({ status: 500, body: { error: { message: 'down' } } });
    backup.enqueue({ json: chatCompletion({ content: 'from the fallback' }) });
    const response = await postMessages(gw.url, {
      model: 'my-alias',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-aurora-provider')).toBe('backup');
    expect(((await response.json()) as Anthropic.Message).content).toEqual([
      { type: 'text', text: 'from the fallback' },
    ]);
    expect(backup.requests[0]!.body).toMatchObject({ model: 'backup-model' });
  });

  it("turns the upstream's context overflow into the 400 Claude Code compacts on", async () => {
    primary.enqueue({
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 65536 tokens",
          code: 'context_length_exceeded',
        },
      },
    });
    const error = (await client.messages
      .create({ model: 'my-alias', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof Anthropic.BadRequestError>;
    expect(error.status).toBe(400);
    expect((error.error as { error: { message: string } }).error.message).toMatch(/^prompt is too long/);
    expect(backup.requests).toHaveLength(0);
  });

  it('ends a stream that breaks mid-way with an error event, after what was already sent', async () => {
    primary.enqueue({
      sse: chatChunks({ content: 'partial answer that goes on', fragmentSize: 4 }),
      dropAfter: 3,
    });
    const response = await postMessages(gw.url, {
      model: 'my-alias',
      max_tokens: 10,
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text.trim().split('\n\n').at(-1)).toMatch(/^event: error\ndata: .*"type":"error"/);
    expect(text).not.toContain('[DONE]');
  });

  it('treats an error as the first chunk of a 200 stream as a failed attempt, and falls back', async () => {
    primary.enqueue({ sse: [{ error: { code: 429, message: 'upstream rate limited' } }] });
    backup.enqueue({ sse: chatChunks({ content: 'fallback stream' }) });
    const message = await client.messages
      .stream({ model: 'my-alias', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'fallback stream' }]);
  });

  it("reports a provider's 401 inside a stream as an api_error, never as the client's own auth failure", async () => {
    const chunks = chatChunks({ content: 'starts fine then fails', fragmentSize: 5 });
    // Spaced out, so the error comes after the answer has started (before that it would fall back).
    primary.enqueue({
      sse: [...chunks.slice(0, 3), { error: { code: 401, message: 'invalid upstream key' } }],
      delayMs: 30,
    });
    const response = await postMessages(gw.url, {
      model: 'my-alias',
      max_tokens: 10,
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    const last = (await response.text()).trim().split('\n\n').at(-1)!;
    expect(last).toMatch(/^event: error/);
    expect(JSON.parse(last.split('data: ')[1]!)).toMatchObject({ error: { type: 'api_error' } });
  });

  it('counts tokens locally, including system prompt and tools, with no upstream call', async () => {
    const count = (extra: object) =>
      client.messages.countTokens({
        model: 'my-alias',
        messages: [{ role: 'user', content: 'hello there' }],
        ...extra,
      });
    const bare = await count({});
    const withTools = await count({ system: 'You are a careful engineer. '.repeat(20), tools: [bashTool] });
    expect(bare.input_tokens).toBeGreaterThan(0);
    expect(withTools.input_tokens).toBeGreaterThan(bare.input_tokens + 100);
    expect(primary.requests).toHaveLength(0);
  });

  it('lists the exact aliases in the Anthropic and the OpenAI shape', async () => {
    const anthropicList = await client.models.list();
    expect(anthropicList.data.map((model) => model.id).sort()).toEqual(['chatty', 'my-alias', 'passthrough']);
    const openaiShape = (await (
      await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Bearer ${TEST_MASTER_KEY}` } })
    ).json()) as {
      object: string;
      data: { id: string }[];
    };
    expect(openaiShape.object).toBe('list');
    expect(openaiShape.data.map((model) => model.id).sort()).toEqual(['chatty', 'my-alias', 'passthrough']);
  });

  it('passes block types Aurora does not model to an Anthropic-kind provider intact', async () => {
    native.enqueue({ json: anthropicMessage({ content: 'ok' }) });
    const history = [
      { role: 'user', content: 'search the web' },
      {
        role: 'assistant',
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'aurora' } },
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: [
              { type: 'web_search_result', url: 'https://example.com', title: 'x', encrypted_content: 'abc' },
            ],
          },
          { type: 'text', text: 'found it' },
        ],
      },
      { role: 'user', content: 'thanks' },
    ];
    const response = await postMessages(gw.url, { model: 'passthrough', max_tokens: 20, messages: history });
    expect(response.status).toBe(200);
    expect((native.requests[0]!.body as { messages: unknown }).messages).toEqual(history);
  });

  it('passes requests to an Anthropic-kind provider unchanged but for the model, forwarding beta headers', async () => {
    native.enqueue({ json: anthropicMessage({ content: 'native answer' }) });
    const message = await client.messages.create(
      { model: 'passthrough', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'anthropic-beta': 'context-management-2025-06-27' } },
    );
    expect(message.content).toEqual([{ type: 'text', text: 'native answer' }]);
    const sent = native.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-native-secret');
    expect(sent.headers['anthropic-beta']).toBe('context-management-2025-06-27');
    expect(sent.body).toEqual({
      model: 'claude-upstream-model',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });

    native.enqueue({ sse: anthropicEvents({ content: 'streamed natively' }) });
    const streamed = await client.messages
      .stream({ model: 'passthrough', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'streamed natively' }]);
  });
});

describe('a client that goes away', () => {
  it('aborts the upstream request at once', async () => {
    const upstream = await startScriptedUpstream();
    const gw = await startTestGateway('pglite', {
      providers: [{ name: 'slow', kind: 'openai', base_url: upstream.url, api_key: 'sk-slow' }],
      aliases: [{ name: 'slow', provider: 'slow', model: 'm' }],
    });
    try {
      upstream.enqueue({ sse: chatChunks({ content: 'x'.repeat(200), fragmentSize: 1 }), delayMs: 50 });
      const abort = new AbortController();
      const response = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'slow',
          max_tokens: 10,
          stream: true,
          messages: [{ role: 'user', content: 'x' }],
        }),
        signal: abort.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      expect(upstream.openConnections()).toBe(1);
      abort.abort();
      const started = Date.now();
      while (upstream.openConnections() > 0) {
        if (Date.now() - started > 2_000) throw new Error('the upstream connection stayed open');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Far fewer than the 200 chunks the upstream would have sent had it gone on.
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await gw.stop();
      await upstream.close();
    }
  });
});
