import type { Readable } from 'node:stream';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { bufferedReader } from './buffered-reader.js';
import { type DecodedBody, decodeContentEncoding } from './content-encoding.js';
import { describeTarget, UpstreamError } from './upstream-error.js';

export interface UpstreamClientOptions {
  connectTimeoutMs: number;
  /** Until the response headers arrive (`first_byte_timeout_ms` in aurora.yaml). */
  firstByteTimeoutMs: number;
  /** Between two body chunks (`idle_timeout_ms` in aurora.yaml). */
  idleTimeoutMs: number;
  connectionsPerOrigin?: number;
}

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborted when the client goes away; stops the upstream request at once, even mid-body. */
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * The decoded bytes that arrived since the last call (all of them at once, however many network
   * chunks they came in), waiting for more when there are none; undefined at the end. Read the body to
   * its end once (with this or `text()`), or `cancel()` it, so that the connection is released.
   */
  read(): Promise<Uint8Array | undefined>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Drops an unread body (a response that will be retried or replaced by a fallback). */
  cancel(): void;
}

export interface UpstreamClient {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Lets in-flight requests finish, then closes every pooled connection. */
  close(): Promise<void>;
}

const defaultConnectionsPerOrigin = 128;

/**
 * Headers that describe the caller's own connection or body framing. undici computes framing itself and
 * rejects some of these outright; `accept-encoding` is replaced because we only decode gzip and br.
 */
const notForwarded = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'content-length',
  'accept-encoding',
]);

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  // Errors raised while connecting are remembered so that they can be told apart from a connection that
  // failed after the request went out: only the former is certain not to have reached the upstream.
  const connectFailures = new WeakSet<object>();
  const connector = buildConnector({ timeout: options.connectTimeoutMs });
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? defaultConnectionsPerOrigin,
    // A pipelined request waits behind a slow stream on the same socket; LLM responses are slow.
    pipelining: 1,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
    connect: (connectOptions, callback) =>
      connector(connectOptions, (error, socket) => {
        if (error) {
          connectFailures.add(error);
          callback(error, null);
        } else {
          callback(null, socket);
        }
      }),
  });

  function toUpstreamError(error: unknown, request: UpstreamRequest, target: string): UpstreamError {
    if (error instanceof UpstreamError) return error;
    if (request.signal?.aborted) {
      return new UpstreamError('aborted', `${target} was aborted by the caller`, { cause: error });
    }
    const code = (error as { code?: unknown } | null)?.code;
    const reason = error instanceof Error ? error.message : String(error);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new UpstreamError(
        'connect',
        `could not connect to ${target} within ${options.connectTimeoutMs} ms`,
        { cause: error },
      );
    }
    if (error instanceof Error && connectFailures.has(error)) {
      return new UpstreamError('connect', `could not connect to ${target}: ${reason}`, { cause: error });
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      return new UpstreamError(
        'first_byte_timeout',
        `${target} sent no response within ${options.firstByteTimeoutMs} ms`,
        { cause: error },
      );
    }
    if (code === 'UND_ERR_BODY_TIMEOUT') {
      return new UpstreamError(
        'idle_timeout',
        `${target} sent nothing for ${options.idleTimeoutMs} ms in the middle of its response`,
        { cause: error },
      );
    }
    return new UpstreamError('protocol', `${target} failed: ${reason}`, { cause: error });
  }

  async function send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const url = new URL(request.url);
    const target = describeTarget(request.method, url);
    let response: Dispatcher.ResponseData;
    try {
      response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method as Dispatcher.HttpMethod,
        headers: upstreamHeaders(request.headers),
        body: request.body,
        signal: request.signal,
      });
    } catch (error) {
      throw toUpstreamError(error, request, target);
    }

    let decoded: DecodedBody;
    try {
      decoded = decodeContentEncoding(response.body, flattenHeaders(response.headers));
    } catch (error) {
      destroyQuietly(response.body);
      throw new UpstreamError('protocol', `${target} answered with an ${(error as Error).message}`);
    }
    return toUpstreamResponse(response.statusCode, decoded, target, (error) =>
      toUpstreamError(error, request, target),
    );
  }

  return { send, close: () => agent.close() };
}

function upstreamHeaders(headers: Record<string, string>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!notForwarded.has(name.toLowerCase())) forwarded[name] = value;
  }
  forwarded['accept-encoding'] = 'gzip, br';
  return forwarded;
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function toUpstreamResponse(
  status: number,
  { body: stream, headers }: DecodedBody,
  target: string,
  toUpstreamError: (error: unknown) => UpstreamError,
): UpstreamResponse {
  const read = bufferedReader(stream, toUpstreamError);

  async function text(): Promise<string> {
    const parts: Uint8Array[] = [];
    for (let chunk = await read(); chunk !== undefined; chunk = await read()) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  }

  return {
    status,
    headers,
    read,
    text,
    async json() {
      const raw = await text();
      try {
        return JSON.parse(raw);
      } catch {
        throw new UpstreamError('protocol', `${target} answered ${status} with a body that is not JSON`);
      }
    },
    cancel: () => destroyQuietly(stream),
  };
}

/** Destroying an unfinished undici body emits an abort error that nobody is left to handle. */
function destroyQuietly(stream: Readable): void {
  // A body read to its end has nothing left to drop; destroying it would only build an abort error.
  if (stream.readableEnded || stream.destroyed) return;
  stream.on('error', () => {}).destroy();
}
