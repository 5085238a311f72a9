/**
 * A real OpenAI-compatible (and Anthropic Messages) HTTP server on 127.0.0.1 whose answers a test
 * scripts step by step: JSON, SSE streams, errors, hangs and dropped connections.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export type ContentEncoding = 'gzip' | 'br' | 'deflate';

interface StepMatch {
  /** Only a request to this path takes the step; without it, any POST does. */
  path?: string;
  /**
   * Only a request this accepts takes the step, so that a client's background calls (titles,
   * sub-agents) cannot consume the steps scripted for its main conversation.
   */
  when?: (request: RecordedRequest) => boolean;
}

export interface JsonStep extends StepMatch {
  json: unknown;
  status?: number;
  headers?: Record<string, string>;
  /** Shorthand for `encoding: 'gzip'`. */
  gzip?: boolean;
  encoding?: ContentEncoding;
  /** Wait before answering at all. */
  delayMs?: number;
}

export interface SseStep extends StepMatch {
  /** Objects become `data: JSON` (on `/v1/messages`, `event: <type>` first); strings are sent raw. */
  sse: Array<object | string>;
  status?: number;
  headers?: Record<string, string>;
  /** Wait before each chunk; headers go out at once. */
  delayMs?: number;
  /** Send `data: [DONE]` at the end; default true, but false on `/v1/messages` (Anthropic has none). */
  done?: boolean;
  /** Destroy the socket after this many chunks, without ending the stream. */
  dropAfter?: number;
}

export interface ErrorStep extends StepMatch {
  status: number;
  /** Objects are sent as JSON, strings raw. */
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface HangStep extends StepMatch {
  hang: true;
}

export interface DestroyStep extends StepMatch {
  destroy: true;
}

export type Step = JsonStep | SseStep | ErrorStep | HangStep | DestroyStep;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
  /** The client's port: requests sharing it shared a pooled connection. */
  remotePort: number;
}

export interface ScriptedUpstream {
  /** Base URL including `/v1`, as a provider's `base_url`. */
  url: string;
  requests: RecordedRequest[];
  /** Sockets currently open to the server. */
  openConnections(): number;
  enqueue(...steps: Step[]): void;
  /**
   * Answers requests no queued step matched (for `step.path` only, if it has one); a function
   * chooses the answer per request (for every POST), e.g. streamed or not as the request asks.
   */
  setDefault(step: Step | ((request: RecordedRequest) => Step)): void;
  close(): Promise<void>;
}

export interface ScriptedUpstreamOptions {
  /** Model ids listed by `GET /v1/models`. */
  models?: string[];
}

export async function startScriptedUpstream(
  options: ScriptedUpstreamOptions = {},
): Promise<ScriptedUpstream> {
  const models = options.models ?? ['scripted-model'];
  const requests: RecordedRequest[] = [];
  const queue: Step[] = [];
  const defaults = new Map<string, Step | ((request: RecordedRequest) => Step)>();
  const sockets = new Set<Socket>();
  // Aborts every pending delay at close(), so that no timer outlives the server.
  const closing = new AbortController();

  function takeStep(request: RecordedRequest): Step {
    const index = queue.findIndex(
      (step) =>
        (step.path === undefined ? request.method === 'POST' : step.path === request.path) &&
        (step.when?.(request) ?? true),
    );
    if (index >= 0) return queue.splice(index, 1)[0]!;
    const fallback =
      defaults.get(request.path) ?? (request.method === 'POST' ? defaults.get('*') : undefined);
    if (typeof fallback === 'function') return fallback(request);
    return fallback ?? builtInStep(request, models);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) return;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await recordRequest(req);
    requests.push(request);
    const step = takeStep(request);
    if ('hang' in step) return;
    if ('destroy' in step) {
      req.socket.destroy();
      return;
    }
    if ('sse' in step) {
      await streamEvents(res, step, request.path === '/v1/messages', closing.signal);
      return;
    }
    if (step.delayMs) await sleep(step.delayMs, undefined, { signal: closing.signal });
    if (res.destroyed) return;
    if ('json' in step) {
      const encoding = step.encoding ?? (step.gzip ? 'gzip' : undefined);
      const raw = Buffer.from(JSON.stringify(step.json));
      res.writeHead(step.status ?? 200, {
        'content-type': 'application/json',
        ...(encoding ? { 'content-encoding': encoding } : {}),
        ...step.headers,
      });
      res.end(encoding ? compress(raw, encoding) : raw);
      return;
    }
    const isText = typeof step.body === 'string';
    res.writeHead(step.status, {
      'content-type': isText ? 'text/plain' : 'application/json',
      ...step.headers,
    });
    res.end(isText ? step.body : JSON.stringify(step.body));
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    openConnections: () => sockets.size,
    enqueue: (...steps) => queue.push(...steps),
    setDefault: (step) => defaults.set(typeof step === 'function' ? '*' : (step.path ?? '*'), step),
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const dropped = [...sockets].map(
        (socket) => new Promise((resolve) => socket.once('close', resolve).destroy()),
      );
      await Promise.all([closed, ...dropped]);
    },
  };
}

async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://upstream');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: parseBody(text),
    remotePort: req.socket.remotePort ?? 0,
  };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function compress(raw: Buffer, encoding: ContentEncoding): Buffer {
  if (encoding === 'gzip') return gzipSync(raw);
  if (encoding === 'br') return brotliCompressSync(raw);
  return deflateSync(raw);
}

async function streamEvents(
  res: ServerResponse,
  step: SseStep,
  anthropic: boolean,
  closing: AbortSignal,
): Promise<void> {
  res.writeHead(step.status ?? 200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...step.headers,
  });
  res.flushHeaders();
  for (const [index, chunk] of step.sse.entries()) {
    if (index === step.dropAfter) break;
    if (step.delayMs) await sleep(step.delayMs, undefined, { signal: closing });
    // The client went away (aborted): nothing left to send to.
    if (res.destroyed) return;
    await write(res, encodeEvent(chunk, anthropic));
  }
  if (step.dropAfter !== undefined) {
    res.socket?.destroy();
    return;
  }
  if (step.done ?? !anthropic) await write(res, 'data: [DONE]\n\n');
  res.end();
}

function encodeEvent(chunk: object | string, anthropic: boolean): string {
  if (typeof chunk === 'string') return chunk;
  const data = `data: ${JSON.stringify(chunk)}\n\n`;
  return anthropic && 'type' in chunk ? `event: ${String(chunk.type)}\n${data}` : data;
}

/** Resolves once the bytes are handed to the socket, so that a following destroy cannot discard them. */
function write(res: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => res.write(data, () => resolve()));
}

// ---- Default answers ---------------------------------------------------------------------------------

function builtInStep(request: RecordedRequest, models: string[]): Step {
  const body = (request.body ?? {}) as { model?: string; stream?: boolean; messages?: unknown[] };
  if (request.method === 'GET' && request.path === '/v1/models') {
    return {
      json: request.headers['anthropic-version'] ? anthropicModelList(models) : openAIModelList(models),
    };
  }
  if (request.method === 'POST' && request.path === '/v1/chat/completions') {
    const script = { content: `echo: ${lastUserText(body.messages)}`, model: body.model };
    return body.stream ? { sse: chatChunks(script) } : { json: chatCompletion(script) };
  }
  if (request.method === 'POST' && request.path === '/v1/messages') {
    const script = { content: `echo: ${lastUserText(body.messages)}`, model: body.model };
    return body.stream ? { sse: anthropicEvents(script) } : { json: anthropicMessage(script) };
  }
  return {
    status: 404,
    body: { error: { message: `no route ${request.method} ${request.path}`, type: 'invalid_request_error' } },
  };
}

/** The text of the last user message, whether its content is a string or an array of text parts. */
function lastUserText(messages: unknown[] | undefined): string {
  const last = [...(messages ?? [])]
    .reverse()
    .find((message) => (message as { role?: string }).role === 'user') as { content?: unknown } | undefined;
  if (typeof last?.content === 'string') return last.content;
  if (!Array.isArray(last?.content)) return '';
  return last.content
    .filter((part: { type?: string }) => part.type === 'text')
    .map((part: { text?: string }) => part.text ?? '')
    .join('');
}

function openAIModelList(models: string[]) {
  return {
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: created, owned_by: 'scripted' })),
  };
}

function anthropicModelList(models: string[]) {
  return {
    data: models.map((id) => ({
      type: 'model',
      id,
      display_name: id,
      created_at: new Date(created * 1000).toISOString(),
    })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models.at(-1) ?? null,
  };
}

// ---- OpenAI Chat Completions builders ----------------------------------------------------------------

const created = 1_700_000_000;

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** An object is serialised; a string is sent as is (to script malformed JSON). */
  arguments: string | Record<string, unknown>;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
}

export interface CompletionScript {
  content?: string;
  toolCalls?: ScriptedToolCall[];
  reasoning?: string;
  /** null leaves usage out (providers that never report it). */
  usage?: ScriptedUsage | null;
  finishReason?: string;
  model?: string;
  id?: string;
}

export interface ChunkScript extends CompletionScript {
  /** Characters per content, reasoning or argument fragment. */
  fragmentSize?: number;
}

function toolCallId(call: ScriptedToolCall, index: number): string {
  return call.id ?? `call_scripted_${index}`;
}

function argumentsText(call: ScriptedToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

function openAIUsage(script: CompletionScript): Record<string, unknown> | undefined {
  if (script.usage === null) return undefined;
  const usage = script.usage ?? {
    prompt_tokens: 12,
    completion_tokens: Math.max(1, Math.ceil((script.content ?? '').length / 4)),
  };
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    ...(usage.cached_tokens === undefined
      ? {}
      : { prompt_tokens_details: { cached_tokens: usage.cached_tokens } }),
  };
}

function finishReason(script: CompletionScript): string {
  return script.finishReason ?? (script.toolCalls?.length ? 'tool_calls' : 'stop');
}

/** A non-streaming `chat.completion` body. */
export function chatCompletion(script: CompletionScript = {}): Record<string, unknown> {
  const usage = openAIUsage(script);
  return {
    id: script.id ?? 'chatcmpl-scripted',
    object: 'chat.completion',
    created,
    model: script.model ?? 'scripted-model',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: script.content ?? null,
          ...(script.reasoning === undefined ? {} : { reasoning_content: script.reasoning }),
          ...(script.toolCalls?.length
            ? {
                tool_calls: script.toolCalls.map((call, index) => ({
                  id: toolCallId(call, index),
                  type: 'function',
                  function: { name: call.name, arguments: argumentsText(call) },
                })),
              }
            : {}),
        },
        finish_reason: finishReason(script),
      },
    ],
    ...(usage ? { usage } : {}),
  };
}

function fragments(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

/**
 * The `chat.completion.chunk` objects of a stream, as providers send them: a role chunk, reasoning and
 * text in fragments, each tool call opened with its id and name and then its arguments in fragments, a
 * finish chunk, and usage in a trailing chunk with empty `choices`.
 */
export function chatChunks(script: ChunkScript = {}): Record<string, unknown>[] {
  const size = script.fragmentSize ?? 8;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: script.id ?? 'chatcmpl-scripted',
    object: 'chat.completion.chunk',
    created,
    model: script.model ?? 'scripted-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const chunks = [chunk({ role: 'assistant', content: '' })];
  for (const piece of fragments(script.reasoning ?? '', size))
    chunks.push(chunk({ reasoning_content: piece }));
  for (const piece of fragments(script.content ?? '', size)) chunks.push(chunk({ content: piece }));
  for (const [index, call] of (script.toolCalls ?? []).entries()) {
    chunks.push(
      chunk({
        tool_calls: [
          {
            index,
            id: toolCallId(call, index),
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      }),
    );
    for (const piece of fragments(argumentsText(call), size)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  }
  chunks.push(chunk({}, finishReason(script)));
  const usage = openAIUsage(script);
  if (!usage) return chunks;
  const { choices: _choices, ...usageChunk } = chunk({});
  return [...chunks, { ...usageChunk, choices: [], usage }];
}

// ---- Anthropic Messages builders (for anthropic-kind providers, passed through) -----------------------

const anthropicStopReasons: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
};

function anthropicContent(script: CompletionScript): Record<string, unknown>[] {
  return [
    ...(script.content ? [{ type: 'text', text: script.content }] : []),
    ...(script.toolCalls ?? []).map((call, index) => ({
      type: 'tool_use',
      id: call.id ?? `toolu_scripted_${index}`,
      name: call.name,
      input: typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments,
    })),
  ];
}

function anthropicUsage(script: CompletionScript): { input_tokens: number; output_tokens: number } {
  const usage = openAIUsage(script);
  return {
    input_tokens: (usage?.prompt_tokens as number | undefined) ?? 0,
    output_tokens: (usage?.completion_tokens as number | undefined) ?? 0,
  };
}

/** A non-streaming Anthropic `message` body (text and tool_use blocks). */
export function anthropicMessage(script: CompletionScript = {}): Record<string, unknown> {
  return {
    id: script.id ?? 'msg_scripted',
    type: 'message',
    role: 'assistant',
    model: script.model ?? 'scripted-model',
    content: anthropicContent(script),
    stop_reason: anthropicStopReasons[finishReason(script)] ?? 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(script),
  };
}

/** The Anthropic stream events of the same message, one delta per block. */
export function anthropicEvents(script: CompletionScript = {}): Record<string, unknown>[] {
  const { content, stop_reason, usage, ...message } = anthropicMessage(script);
  const blocks = content as Record<string, unknown>[];
  const events: Record<string, unknown>[] = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { ...(usage as object), output_tokens: 0 },
      },
    },
  ];
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    events.push({ type: 'content_block_stop', index });
  }
  events.push({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage });
  events.push({ type: 'message_stop' });
  return events;
}
