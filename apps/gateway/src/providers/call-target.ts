import { SSETooLargeError, TranslationError } from '@aurora/translate';
import { GatewayError } from '../errors/gateway-error.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import type { ResolvedRoute, RouteTarget } from '../targets/route-target.js';
import type { AnswerHooks } from './answer-hooks.js';
import type { ClientRequest, Codec, CodecTarget, InStreamFailure, StreamStep } from './codec.js';
import { codecFor } from './codecs.js';
import { badAnswer, translationFailure, transportFailure } from './failed-attempt.js';
import { providerApis } from './provider-apis.js';
import { sendForAnswer } from './send-for-answer.js';
import { apiRequest } from './transport/provider-api.js';
import { type SSEChunk, sseResponse } from './transport/sse-response.js';
import type { UpstreamClient, UpstreamResponse } from './transport/upstream-client.js';
import { isFallbackWorthy } from './upstream-failure.js';

/** After its last word, an upstream gets this long to close its body before it is cut. */
const END_OF_BODY_GRACE_MS = 1_000;

/** One model request on its way to the targets of its route. */
export interface ModelCall {
  request: ClientRequest;
  route: ResolvedRoute;
  client: UpstreamClient;
  hooks: AnswerHooks;
}

const encoder = new TextEncoder();

function joinChunks(a: SSEChunk, b: SSEChunk): SSEChunk {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const left = typeof a === 'string' ? encoder.encode(a) : a;
  const right = typeof b === 'string' ? encoder.encode(b) : b;
  const joined = new Uint8Array(left.length + right.length);
  joined.set(left);
  joined.set(right, left.length);
  return joined;
}

function answerTooLarge(providerName: string, limit: number, what = 'the answer'): GatewayError {
  return new GatewayError(
    'api_error',
    `${providerName}: ${what} is larger than the ${limit}-byte limit (max_upstream_answer_bytes)`,
    { status: 502 },
  );
}

/** A failure once bytes reached the client, as the error its protocol's last frames carry. */
function midStreamError(providerName: string, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError('api_error', `${providerName}: ${message}`, { status: 502 });
}

/** The body of a JSON answer, read whole but never past the size limit. */
async function readBounded(response: UpstreamResponse, limit: number | undefined, providerName: string) {
  if (limit === undefined) return response.text();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await response.read(); chunk !== undefined; chunk = await response.read()) {
    size += chunk.length;
    if (size > limit) throw answerTooLarge(providerName, limit);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The engine: sends one request to one target and answers the client, for every pair of client and
 * upstream protocol. The codec translates; everything else happens here once — send with retries, the
 * first-byte rule (until a byte reached the client the attempt may still fail over to a fallback), JSON
 * or SSE, pings, the end-of-body grace, abort, failure frames in the client's protocol and the usage hooks.
 */
export async function callTarget(call: ModelCall, target: RouteTarget): Promise<AttemptResult> {
  const codec = codecFor(call.request, target.provider.kind);
  const at: CodecTarget = { route: call.route, target };
  const api = providerApis[target.provider.kind];
  let body: string | Uint8Array;
  try {
    body = codec.upstreamBody(call.request, at);
  } catch (error) {
    return translationFailure(error, 0);
  }
  const sent = await sendForAnswer(
    call.client,
    target.provider.name,
    apiRequest(target.provider, api, {
      method: 'POST',
      path: api.modelCallPath,
      body,
      clientHeaders: call.request.protocol === 'anthropic' ? call.request.clientHeaders : {},
      signal: call.hooks.signal,
    }),
  );
  if (!sent.ok) return sent;
  const headers = {
    ...call.hooks.headers,
    'x-aurora-provider': target.provider.name,
    'x-aurora-model': target.model,
  };
  return call.request.body.stream === true
    ? streamAnswer(call, codec, at, sent.response, sent.attempts, headers)
    : jsonAnswer(call, codec, at, sent.response, sent.attempts, headers);
}

async function jsonAnswer(
  call: ModelCall,
  codec: Codec<ClientRequest>,
  at: CodecTarget,
  response: UpstreamResponse,
  attempts: number,
  headers: Record<string, string>,
): Promise<AttemptResult> {
  const { hooks } = call;
  const provider = at.target.provider.name;
  let text: string;
  try {
    text = await readBounded(response, hooks.maxAnswerBytes, provider);
  } catch (error) {
    response.cancel();
    return transportFailure(provider, error, attempts);
  }
  let read: ReturnType<typeof codec.readJson>;
  try {
    read = codec.readJson(text, call.request, at, hooks.completeAnswer !== undefined);
  } catch (error) {
    // An answer that cannot be translated (cut short, broken tool arguments) is the provider's
    // failure: a bad gateway, worth the next target, as a broken stream is. An error the provider
    // reported in its answer keeps its own type (a context overflow stays a 400).
    if (error instanceof TranslationError && error.type === 'api_error') {
      return badAnswer(provider, error.message, attempts);
    }
    return translationFailure(error, attempts);
  }
  if (!read.ok) {
    hooks.onTranslationWarnings(provider, [read.reason]);
    return badAnswer(provider, read.reason, attempts);
  }
  if (read.warnings?.length) hooks.onTranslationWarnings(provider, read.warnings);
  let answer = read.body;
  if (read.ending && hooks.completeAnswer) {
    await hooks.completeAnswer(read.ending);
    answer = read.ending.encode();
  }
  hooks.onFirstByte();
  if (read.usage) hooks.onUsage(read.usage);
  hooks.onAnswerBody?.(answer);
  const contentType = read.contentType ?? response.headers['content-type'] ?? 'application/json';
  return {
    ok: true,
    attempts,
    response: new Response(answer, { status: 200, headers: { ...headers, 'content-type': contentType } }),
  };
}

async function streamAnswer(
  call: ModelCall,
  codec: Codec<ClientRequest>,
  at: CodecTarget,
  response: UpstreamResponse,
  attempts: number,
  headers: Record<string, string>,
): Promise<AttemptResult> {
  const { hooks } = call;
  const provider = at.target.provider.name;
  const limit = hooks.maxAnswerBytes;
  // One unending line, or one event of endless short `data:` lines, would otherwise be buffered
  // without bound: the codec's own SSE parser refuses them, so the bytes are scanned once.
  const stream = codec.openStream(
    call.request,
    at,
    hooks.completeAnswer !== undefined,
    limit === undefined ? undefined : { maxLineLength: limit, maxEventLength: limit },
  );
  let lastWordSaid = false;
  // An error the upstream reported inside the stream ends it normally for the client: kept for the log.
  let reported: InStreamFailure | undefined;

  const closeAfterLastWord = async () => {
    // After its last word the body normally just ends: reading that end keeps the connection for reuse.
    // A provider that holds it open gets a grace period, then is cut, so the client's stream can close.
    // A plain timer, cleared once the body ends: a promised sleep would stay armed for the whole grace.
    let grace: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      response.read().then(
        (next) => next === undefined,
        () => false,
      ),
      new Promise<false>((resolve) => {
        grace = setTimeout(resolve, END_OF_BODY_GRACE_MS, false).unref();
      }),
    ]);
    clearTimeout(grace);
    if (!ended) response.cancel();
  };

  const read = async (): Promise<StreamStep | undefined> => {
    if (lastWordSaid) {
      await closeAfterLastWord();
      return undefined;
    }
    const next = await response.read();
    let step: StreamStep;
    if (next === undefined) {
      step = stream.end();
      lastWordSaid = true;
    } else {
      try {
        step = stream.push(next);
      } catch (error) {
        if (error instanceof SSETooLargeError)
          throw answerTooLarge(provider, error.limit, `an SSE ${error.part}`);
        throw error;
      }
    }
    if (step.done || step.failure) lastWordSaid = true;
    return step;
  };

  const emit = async (step: StreamStep): Promise<SSEChunk> => {
    if (step.usage) hooks.onUsage(step.usage);
    if (step.warnings?.length) hooks.onTranslationWarnings(provider, step.warnings);
    if (step.failure) reported = step.failure;
    if (!step.ending) return step.out;
    await hooks.completeAnswer?.(step.ending);
    return joinChunks(step.out, step.ending.encode());
  };

  // Until something is written to the client, every failure is a failed attempt that may fall back.
  let first: StreamStep | undefined;
  try {
    while (first === undefined) {
      const step = await read();
      if (step === undefined) break;
      if (step.failure) {
        response.cancel();
        const { error, status } = step.failure;
        return { ok: false, error, attempts, fallback: isFallbackWorthy(status) };
      }
      if (step.out.length > 0 || step.ending) first = step;
    }
  } catch (error) {
    response.cancel();
    return transportFailure(provider, error, attempts);
  }
  if (first === undefined) {
    response.cancel();
    return badAnswer(provider, 'the stream ended before any data', attempts);
  }

  // Told once. After the last word it is told as the writer asks for the upstream's end, which it
  // does in the same turn as it ends the client's response: counted before the client can see the
  // end, and never before the engine's caller has recorded this attempt (the pump runs after that).
  let told = false;
  const tellEnd = (failure?: unknown) => {
    if (told) return;
    told = true;
    hooks.onStreamEnd(failure ?? reported?.error);
  };

  hooks.onFirstByte();
  const opening = await emit(first);
  return {
    ok: true,
    attempts,
    response: sseResponse(
      {
        first: opening,
        async next() {
          if (lastWordSaid) tellEnd();
          const step = await read();
          return step === undefined ? undefined : emit(step);
        },
        allSaid: () => lastWordSaid,
        ping: () => stream.ping(),
        fail: (error) => stream.fail(midStreamError(provider, error)),
        cleanup: (failure) => {
          response.cancel();
          tellEnd(failure);
        },
      },
      headers,
    ),
  };
}
