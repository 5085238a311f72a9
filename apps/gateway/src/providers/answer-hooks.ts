import type { AnswerUsage } from '../targets/answer-usage.js';
import type { AttemptResult } from '../targets/attempt-result.js';
import type { RouteTarget } from '../targets/route-target.js';
import type { AnswerEnding } from './codec.js';

/**
 * What the engine tells the caller about one model request as it goes, and the points where other
 * features plug into every answer whatever the protocols (docs/architecture.md lists them).
 */
export interface AnswerHooks {
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  /** Response headers every answer carries (the request id); the engine adds x-aurora-provider/model. */
  headers: Record<string, string>;
  /** A target is about to be tried (the alias's own, then each fallback). */
  onTarget(target: RouteTarget): void;
  /** A target was tried: what it did and how long it took (the request log lists each). */
  onTargetDone?(target: RouteTarget, result: AttemptResult, ms: number): void;
  /** The first byte is about to reach the client: no fallback from here on. */
  onFirstByte(): void;
  /** The upstream's real usage, as it becomes known. */
  onUsage(usage: AnswerUsage): void;
  /** A JSON answer's body as the client gets it (only wanted when bodies are logged). */
  onAnswerBody?(body: string): void;
  /**
   * A streamed answer ended, with what broke it if it did not end normally: told at its last word,
   * before the client's response ends with it, or when the client goes away first.
   */
  onStreamEnd(failure?: unknown): void;
  /** Parts of a provider's answer that could not be translated (each names the field): for the log. */
  onTranslationWarnings(provider: string, warnings: readonly string[]): void;
  /**
   * Extension point: runs before a translated answer's closing frames reach an Anthropic client (the
   * final `message_delta` of a stream, the whole JSON message) and may add fields to
   * `ending.delta`. A stream keeps its pings going while it runs. Absent: nothing is held back.
   */
  completeAnswer?(ending: AnswerEnding): Promise<void>;
  /**
   * Extension point: the most bytes (decoded) of a JSON answer, or of one line of a streamed answer
   * (an SSE event's data line: a stream as a whole may run long); past it the answer fails with a 502.
   */
  maxAnswerBytes?: number;
}
