import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway, testEngines } from './support/gateway.js';
import {
  anthropicEvents,
  anthropicMessage,
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

describe.each(testEngines())('POST /v1/chat/completions on %s', (engine) => {
  let openaiUpstream: ScriptedUpstream;
  let anthropicUpstream: ScriptedUpstream;
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    [openaiUpstream, anthropicUpstream] = await Promise.all([
      startScriptedUpstream(),
      startScriptedUpstream(),
    ]);
    gw = await startTestGateway(engine, {
      providers: [
        { name: 'gemini', preset: 'gemini', base_url: openaiUpstream.url, api_key: 'sk-gemini' },
        { name: 'claude', kind: 'anthropic', base_url: anthropicUpstream.url, api_key: 'sk-claude' },
      ],
      aliases: [
        { name: 'fast', provider: 'gemini', model: 'gemini-2.5-flash', max_output_tokens: 1000 },
        { name: 'smart', provider: 'claude', model: 'claude-sonnet-upstream', max_output_tokens: 4096 },
      ],
    });
    client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: TEST_MASTER_KEY, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    await Promise.all([openaiUpstream?.close(), anthropicUpstream?.close()]);
  });
  beforeEach(() => {
    openaiUpstream.requests.length = 0;
    anthropicUpstream.requests.length = 0;
  });

  it('passes an OpenAI body to an OpenAI-kind provider with the model, limit and quirks applied', async () => {
    openaiUpstream.enqueue({ json: chatCompletion({ content: 'pong' }) });
    const answer = await client.chat.completions.create({
      model: 'fast',
      max_tokens: 50_000,
      messages: [{ role: 'user', content: 'ping' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            parameters: {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              additionalProperties: false,
            },
          },
        },
      ],
    });
    expect(answer.choices[0]!.message.content).toBe('pong');
    const sent = openaiUpstream.requests[0]!.body as Record<string, unknown>;
    expect(sent.model).toBe('gemini-2.5-flash');
    expect(sent.max_tokens).toBe(1000);
    const parameters = (sent.tools as { function: { parameters: object } }[])[0]!.function.parameters;
    expect(parameters).toEqual({ type: 'object' });
  });

  it('streams from an OpenAI-kind provider through the SDK, with the usage chunk only when asked for', async () => {
    openaiUpstream.enqueue({ sse: chatChunks({ content: 'streamed pong', fragmentSize: 2 }) });
    const stream = await client.chat.completions.create({
      model: 'fast',
      stream: true,
      messages: [{ role: 'user', content: 'ping' }],
    });
    let text = '';
    for await (const chunk of stream) {
      // Clients written for plain streams read choices[0] of every chunk.
      expect(chunk.choices).toHaveLength(1);
      text += chunk.choices[0]!.delta.content ?? '';
    }
    expect(text).toBe('streamed pong');
    expect(openaiUpstream.requests[0]!.body).toMatchObject({ stream_options: { include_usage: true } });

    openaiUpstream.enqueue({
      sse: chatChunks({ content: 'with usage', usage: { prompt_tokens: 7, completion_tokens: 2 } }),
    });
    const withUsage = await client.chat.completions.create({
      model: 'fast',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'ping' }],
    });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of withUsage) usage ??= chunk.usage;
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 2 });
  });

  it('translates to an Anthropic-kind provider and back, streaming and not', async () => {
    anthropicUpstream.enqueue({ json: anthropicMessage({ content: 'bonjour' }) });
    const answer = await client.chat.completions.create({
      model: 'smart',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'hello' },
      ],
    });
    expect(answer.model).toBe('smart');
    expect(answer.choices[0]!.message.content).toBe('bonjour');
    expect(answer.choices[0]!.finish_reason).toBe('stop');
    const sent = anthropicUpstream.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-claude');
    expect(sent.body).toMatchObject({
      model: 'claude-sonnet-upstream',
      max_tokens: 4096,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
    });

    anthropicUpstream.enqueue({ sse: anthropicEvents({ content: 'au revoir' }) });
    const stream = await client.chat.completions.create({
      model: 'smart',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'bye' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage;
    }
    expect(text).toBe('au revoir');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('answers errors in the OpenAI error shape', async () => {
    const error = (await client.chat.completions
      .create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('Unknown model "nope"');
    const unauthenticated = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: { code: 'authentication_error' } });
  });
});

describe('with the OpenAI ingress turned off', () => {
  it('answers 404 in the OpenAI shape', async () => {
    const gw = await startTestGateway('pglite', { enable_openai_ingress: false });
    try {
      const response = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'x', messages: [] }),
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        'enable_openai_ingress',
      );
    } finally {
      await gw.stop();
    }
  });
});
