import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  anthropicEvents,
  anthropicMessage,
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

let upstream: ScriptedUpstream;

beforeEach(async () => {
  upstream = await startScriptedUpstream({ models: ['alpha', 'beta'] });
});

afterEach(async () => {
  await upstream.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${upstream.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const chat = (content: unknown, extra: Record<string, unknown> = {}) => ({
  model: 'alpha',
  messages: [
    { role: 'user', content: 'first' },
    { role: 'assistant', content: 'ok' },
    { role: 'user', content },
  ],
  ...extra,
});

/** The `data:` payloads of an SSE body, JSON-parsed except `[DONE]`. */
function dataLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice(6))
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('startScriptedUpstream', () => {
  it('listens on 127.0.0.1 under /v1 and lists the configured models', async () => {
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const openAI = await (await fetch(`${upstream.url}/models`)).json();
    expect(openAI).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: 'alpha' }), expect.objectContaining({ id: 'beta' })],
    });
    const anthropic = await (
      await fetch(`${upstream.url}/models`, { headers: { 'anthropic-version': '2023-06-01' } })
    ).json();
    expect(anthropic).toMatchObject({
      data: [{ type: 'model', id: 'alpha' }, { id: 'beta' }],
      has_more: false,
    });
  });

  it('records each request with its method, path, query, headers and parsed body', async () => {
    await post('/chat/completions?beta=true', chat('hello'), { authorization: 'Bearer sk-test' });
    expect(upstream.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/chat/completions',
        query: { beta: 'true' },
        headers: expect.objectContaining({ authorization: 'Bearer sk-test' }),
        body: chat('hello'),
      }),
    ]);
    expect(upstream.requests[0]?.remotePort).toBeGreaterThan(0);
  });

  it('answers a chat completion by echoing the last user message, as text parts too', async () => {
    const plain = await (await post('/chat/completions', chat('ping'))).json();
    expect(plain).toMatchObject({
      object: 'chat.completion',
      model: 'alpha',
      choices: [{ message: { role: 'assistant', content: 'echo: ping' }, finish_reason: 'stop' }],
    });
    const parts = await (
      await post(
        '/chat/completions',
        chat([{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }]),
      )
    ).json();
    expect(parts).toMatchObject({ choices: [{ message: { content: 'echo: ab' } }] });
  });

  it('streams the echo when the request asks for a stream, ending with [DONE]', async () => {
    const response = await post('/chat/completions', chat('stream me please', { stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = dataLines(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const text = events
      .slice(0, -1)
      .map(
        (event) => (event as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe('echo: stream me please');
  });

  it('serves queued steps in order, then falls back to the default', async () => {
    upstream.enqueue(
      { json: { n: 1 } },
      { status: 503, body: { error: { message: 'busy' } }, headers: { 'retry-after': '1' } },
    );
    upstream.setDefault({ json: { n: 'default' } });
    const first = await post('/chat/completions', chat('x'));
    const second = await post('/chat/completions', chat('x'));
    const third = await post('/chat/completions', chat('x'));
    expect(await first.json()).toEqual({ n: 1 });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toEqual({ error: { message: 'busy' } });
    expect(await third.json()).toEqual({ n: 'default' });
  });

  it('keeps a step for its path and never spends an unpathed step on GET /v1/models', async () => {
    upstream.enqueue({ path: '/v1/messages', json: { for: 'messages' } }, { json: { for: 'any post' } });
    const models = await (await fetch(`${upstream.url}/models`)).json();
    expect(models).toMatchObject({ object: 'list' });
    expect(await (await post('/chat/completions', chat('x'))).json()).toEqual({ for: 'any post' });
    expect(await (await post('/messages', chat('x'))).json()).toEqual({ for: 'messages' });
  });

  it('sends a plain-text error body as is', async () => {
    upstream.enqueue({ status: 502, body: '<html>bad gateway</html>' });
    const response = await post('/chat/completions', chat('x'));
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('<html>bad gateway</html>');
  });

  it('compresses a JSON step with gzip when asked', async () => {
    upstream.enqueue({ json: { zipped: true }, gzip: true });
    const response = await post('/chat/completions', chat('x'));
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.json()).toEqual({ zipped: true });
  });

  it('sends string chunks raw, objects as data lines, and drops the socket after dropAfter chunks', async () => {
    upstream.enqueue({ sse: [': keep-alive\n\n', { a: 1 }, { a: 2 }, { a: 3 }], dropAfter: 2 });
    const response = await post('/chat/completions', chat('x'));
    const reader = response.body!.getReader();
    let received = '';
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += Buffer.from(value).toString('utf8');
        }
      })(),
    ).rejects.toThrow();
    expect(received).toBe(': keep-alive\n\ndata: {"a":1}\n\n');
  });

  it('leaves out [DONE] when told to', async () => {
    upstream.enqueue({ sse: [{ a: 1 }], done: false });
    expect(await (await post('/chat/completions', chat('x'))).text()).toBe('data: {"a":1}\n\n');
  });

  it('spaces chunks by delayMs', async () => {
    upstream.enqueue({ sse: [{ a: 1 }, { a: 2 }, { a: 3 }], delayMs: 60 });
    const startedAt = Date.now();
    await (await post('/chat/completions', chat('x'))).text();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(170);
  });

  it('closes a connection without answering for a destroy step', async () => {
    upstream.enqueue({ destroy: true });
    await expect(post('/chat/completions', chat('x'))).rejects.toThrow();
    expect(upstream.requests).toHaveLength(1);
  });

  it('never answers a hang step, and close() still finishes by dropping that connection', async () => {
    upstream.enqueue({ hang: true });
    const pending = post('/chat/completions', chat('x')).then(
      () => 'answered',
      () => 'dropped',
    );
    await expect.poll(() => upstream.requests.length).toBe(1);
    expect(upstream.openConnections()).toBe(1);
    await upstream.close();
    expect(await pending).toBe('dropped');
    expect(upstream.openConnections()).toBe(0);
  });

  it('answers POST /v1/messages in the Anthropic format, streamed with event names and no [DONE]', async () => {
    const message = await (await post('/messages', chat('hey'))).json();
    expect(message).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'echo: hey' }],
      stop_reason: 'end_turn',
    });
    const streamed = await (await post('/messages', chat('hey', { stream: true }))).text();
    expect(streamed.startsWith('event: message_start\ndata: {"type":"message_start"')).toBe(true);
    expect(streamed.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    expect(streamed).not.toContain('[DONE]');
  });

  it('answers an unknown route with a 404', async () => {
    expect((await post('/embeddings', {})).status).toBe(404);
  });
});

describe('chatCompletion', () => {
  it('builds a tool-call completion with reasoning and cached usage', () => {
    const completion = chatCompletion({
      reasoning: 'think',
      toolCalls: [{ name: 'Bash', arguments: { command: 'ls' } }],
      usage: { prompt_tokens: 100, completion_tokens: 7, cached_tokens: 40 },
    });
    expect(completion).toMatchObject({
      choices: [
        {
          message: {
            content: null,
            reasoning_content: 'think',
            tool_calls: [
              {
                id: 'call_scripted_0',
                type: 'function',
                function: { name: 'Bash', arguments: '{"command":"ls"}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 7,
        total_tokens: 107,
        prompt_tokens_details: { cached_tokens: 40 },
      },
    });
  });
});

describe('chatChunks', () => {
  type Chunk = {
    choices: {
      delta: Record<string, unknown> & {
        tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[];
      };
      finish_reason: string | null;
    }[];
    usage?: unknown;
  };

  it('splits text and each tool call into fragments that join back to the original', () => {
    const chunks = chatChunks({
      content: 'Let me look.',
      reasoning: 'The user wants a listing.',
      toolCalls: [
        { name: 'Bash', arguments: { command: 'ls -la /tmp' } },
        { id: 'call_2', name: 'Read', arguments: '{"path": "/etc/hosts"' },
      ],
      fragmentSize: 5,
    }) as Chunk[];
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('The user wants a listing.');
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Let me look.');
    const calls = deltas.flatMap((delta) => delta.tool_calls ?? []);
    const argumentsOf = (index: number) =>
      calls
        .filter((call) => call.index === index)
        .map((call) => call.function.arguments)
        .join('');
    expect(argumentsOf(0)).toBe('{"command":"ls -la /tmp"}');
    expect(argumentsOf(1)).toBe('{"path": "/etc/hosts"');
    expect(calls.filter((call) => call.id).map((call) => [call.id, call.function.name])).toEqual([
      ['call_scripted_0', 'Bash'],
      ['call_2', 'Read'],
    ]);
    expect(calls.filter((call) => call.index === 0).length).toBeGreaterThan(3);
  });

  it('ends with a finish chunk, then usage in a chunk with empty choices', () => {
    const chunks = chatChunks({
      content: 'hi',
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    }) as Chunk[];
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
  });

  it('leaves the usage chunk out when usage is null', () => {
    const chunks = chatChunks({ content: 'hi', usage: null }) as Chunk[];
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });
});

describe('anthropic builders', () => {
  it('describe the same answer as a message and as stream events', () => {
    const script = { content: 'Running it.', toolCalls: [{ name: 'Bash', arguments: { command: 'pwd' } }] };
    expect(anthropicMessage(script)).toMatchObject({
      content: [
        { type: 'text', text: 'Running it.' },
        { type: 'tool_use', id: 'toolu_scripted_0', name: 'Bash', input: { command: 'pwd' } },
      ],
      stop_reason: 'tool_use',
    });
    const events = anthropicEvents(script);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[5]).toMatchObject({
      delta: { type: 'input_json_delta', partial_json: '{"command":"pwd"}' },
    });
    expect(events[7]).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });
});
