import type {
  AnthropicMessagesRequest,
  OpenAIChatRequest,
  SSEParserLimits,
  TurnReuse,
} from '@aurora/translate';
import type { GatewayError } from '../errors/gateway-error.js';
import type { AnswerUsage } from '../targets/answer-usage.js';
import type { ResolvedRoute, RouteTarget } from '../targets/route-target.js';
import type { SSEChunk } from './transport/sse-response.js';

/** A request as the Anthropic Messages ingress parsed it. */
export interface AnthropicClientRequest {
  protocol: 'anthropic';
  body: AnthropicMessagesRequest;
  /** The body as the client sent it: block types Aurora doesn't model must reach an Anthropic provider intact. */
  raw: AnthropicMessagesRequest;
  /**
   * The body as sent, when the ingress kept it: a passthrough splices the model into its text instead
   * of re-serialising. Its text is decoded when read (the ingress itself decodes only new parts).
   */
  sent?: { readonly text: string };
  /** Where a translating codec finds the turns it translated before, and this request's turns' texts. */
  turns?: TurnReuse;
  /** Client headers a provider may want to see (`anthropic-version`, `anthropic-beta`). */
  clientHeaders: Record<string, string | undefined>;
  estimatedInputTokens: number;
  /** Paths of fields dropped in translation, for the debug log. */
  dropped: string[];
}

/** A request as the OpenAI Chat Completions ingress parsed it. */
export interface OpenAIClientRequest {
  protocol: 'openai';
  body: OpenAIChatRequest;
}

export type ClientRequest = AnthropicClientRequest | OpenAIClientRequest;

/** Where a codec is translating to: the route (requested name, alias limits) and this target. */
export interface CodecTarget {
  route: ResolvedRoute;
  target: RouteTarget;
}

/** A failure the upstream reported inside a 200 answer, with the HTTP status it stands for. */
export interface InStreamFailure {
  error: GatewayError;
  status: number;
}

/** What the upstream's bytes so far became in the client's protocol. */
export interface StreamStep {
  /** Frames for the client ('' when the bytes completed nothing yet). */
  out: SSEChunk;
  usage?: AnswerUsage | undefined;
  /** The upstream reported an error: before the first byte a failed attempt, after it the stream's end. */
  failure?: InStreamFailure | undefined;
  /** The upstream said its last word (`[DONE]`, `message_stop`): its body only has to close now. */
  done?: boolean;
  /** Parts of the upstream's answer that could not be translated, each naming the field. */
  warnings?: readonly string[];
  /**
   * The answer's closing frames, held back so that the answer-completion hook can add to them
   * (only when the call has one); `delta` is what the hook may extend.
   */
  ending?: AnswerEnding | undefined;
}

/** The end of an answer, before it reaches the client: what the hook sees and may extend. */
export interface AnswerEnding {
  /** Tool calls of the answer, their input as the JSON text the model wrote. */
  toolUses: { id: string; name: string; input: string }[];
  /** Streams: the final `message_delta`'s `delta`; JSON answers: the message itself. */
  delta: Record<string, unknown>;
  /** The held frames (or body) with whatever the hook added to `delta`. */
  encode(): string;
}

/** Translates one streamed answer, chunk by chunk; pure apart from its own state. */
interface StreamCodec {
  push(bytes: Uint8Array): StreamStep;
  /** The upstream body ended (with or without its last word). */
  end(): StreamStep;
  /** A keep-alive frame in the client's protocol, or '' when none can be written now. */
  ping(): string;
  /** The frames that end the client's stream after a failure once bytes were sent. */
  fail(error: GatewayError): string;
}

/** What a JSON answer became: the client's body and its usage, or why it cannot be used. */
type JsonRead =
  | {
      ok: true;
      body: string;
      contentType?: string;
      usage?: AnswerUsage | undefined;
      ending?: AnswerEnding;
      /** Parts of the upstream's answer that could not be translated, each naming the field. */
      warnings?: readonly string[];
    }
  | { ok: false; reason: string };

/**
 * One (client protocol, upstream protocol) pair: pure translation both ways. The engine does all the
 * I/O; a codec only turns values into values. `TranslationError`s thrown here are the client's fault.
 */
export interface Codec<R extends ClientRequest> {
  /** The upstream request's body: text, or the UTF-8 bytes when the codec built them itself. */
  upstreamBody(request: R, at: CodecTarget): string | Uint8Array;
  readJson(text: string, request: R, at: CodecTarget, holdEnding: boolean): JsonRead;
  /** `frames` bounds the upstream's SSE lines and events: the codec's parser refuses larger ones. */
  openStream(request: R, at: CodecTarget, holdEnding: boolean, frames?: SSEParserLimits): StreamCodec;
}
