import type { AnthropicMessagesRequest, AnthropicRequestMessage } from '@aurora/translate';
import { buildJudgeRequest } from './judge-prompt.js';
import {
  availableResults,
  type SafeguardResult,
  type UnavailableReason,
  unsupportedResults,
} from './safeguards.js';
import { answeredToolCalls, type WrittenToolCall } from './tool-calls.js';
import { clipTranscript, DEFAULT_TRANSCRIPT_BUDGET } from './transcript.js';
import { type JudgeOutcome, parseJudgeAnswer, safeguardResultsFor } from './verdicts.js';

/** What the judge alias said, or why it said nothing usable. */
export type JudgeReply =
  | { ok: true; text: string; stopReason: string | null | undefined }
  | { ok: false; reason: UnavailableReason };

/** Sends one judge request (non-streamed) and reads its text; fails with a reason instead of throwing. */
export type AskJudge = (request: AnthropicMessagesRequest, signal: AbortSignal) => Promise<JudgeReply>;

export interface AutoModeMetrics {
  verdict(outcome: string): void;
  judgeSeconds(seconds: number): void;
  judgeFailed(reason: UnavailableReason): void;
}

export interface AutoModeJudge {
  /** The alias that judges. */
  alias: string;
  timeoutMs: number;
  ask: AskJudge;
}

/** The end of an answer as the engine holds it back: its tool calls, and the object to add results to. */
export interface HeldEnding {
  toolUses: readonly WrittenToolCall[];
  /** The final `message_delta.delta` of a stream, or the whole JSON message. */
  delta: Record<string, unknown>;
}

/** A call's arguments past this are not sent to the judge: it could not read them in full. */
const MAX_CALL_CHARS = 40_000;

async function askWithin(judge: AutoModeJudge, request: AnthropicMessagesRequest, client: AbortSignal) {
  const timeout = AbortSignal.timeout(judge.timeoutMs);
  const signal = AbortSignal.any([timeout, client]);
  let reply: JudgeReply;
  try {
    reply = await judge.ask(request, signal);
  } catch {
    reply = { ok: false, reason: 'error' };
  }
  // However the sender reported it, a call cut by our clock is a timeout.
  if (!reply.ok && timeout.aborted) return { ok: false, reason: 'timeout' } satisfies JudgeReply;
  return reply;
}

function outcomeOf(reply: JudgeReply): JudgeOutcome {
  if (!reply.ok) return { kind: 'failed', reason: reply.reason };
  if (reply.stopReason === 'refusal') return { kind: 'failed', reason: 'refused' };
  const verdicts = parseJudgeAnswer(reply.text);
  return verdicts ? { kind: 'verdicts', verdicts } : { kind: 'failed', reason: 'error' };
}

function countVerdicts(results: SafeguardResult[], metrics: AutoModeMetrics | undefined): void {
  if (!metrics) return;
  for (const result of results) {
    if (result.status.type !== 'available') continue;
    for (const verdict of Object.values(result.status.tool_uses)) {
      metrics.verdict(verdict.type === 'evaluated' ? verdict.outcome : `unavailable_${verdict.reason}`);
    }
  }
}

/**
 * The `safeguard_results` for one answer to a request that asked for auto mode's check: without a
 * judge `unsupported`; without tool calls an empty verdict map; otherwise one judge call for all the
 * calls, failing closed per call.
 */
export async function checkAnswerToolCalls(options: {
  judge: AutoModeJudge | undefined;
  messages: AnthropicRequestMessage[];
  classifierContext: unknown;
  ending: HeldEnding;
  signal: AbortSignal;
  metrics?: AutoModeMetrics;
  now?: () => number;
}): Promise<SafeguardResult[]> {
  const { judge, ending, metrics } = options;
  if (!judge) return unsupportedResults();
  const calls = answeredToolCalls(ending.toolUses, ending.delta.stop_reason);
  if (calls.length === 0) return availableResults({});

  const withheld = new Map<string, UnavailableReason>();
  for (const call of calls) {
    if (!call.truncated && JSON.stringify(call.input).length > MAX_CALL_CHARS)
      withheld.set(call.id, 'input_too_long');
  }
  const toJudge = calls.filter((call) => !call.truncated && !withheld.has(call.id));
  let outcome: JudgeOutcome | undefined;
  if (toJudge.length > 0) {
    const now = options.now ?? performance.now.bind(performance);
    const started = now();
    const request = buildJudgeRequest({
      model: judge.alias,
      classifierContext: options.classifierContext,
      transcript: clipTranscript(options.messages, DEFAULT_TRANSCRIPT_BUDGET),
      calls: toJudge,
    });
    outcome = outcomeOf(await askWithin(judge, request, options.signal));
    metrics?.judgeSeconds((now() - started) / 1000);
    if (outcome.kind === 'failed') metrics?.judgeFailed(outcome.reason);
  }
  const results = safeguardResultsFor(calls, outcome, withheld);
  countVerdicts(results, metrics);
  return results;
}
