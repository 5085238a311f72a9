import { z } from 'zod';
import {
  availableResults,
  type SafeguardResult,
  type ToolUseVerdict,
  type UnavailableReason,
} from './safeguards.js';
import type { AnsweredToolCall } from './tool-calls.js';

const flagSchema = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/** The judge's answer: `{"verdicts": {"<id>": {"flagged": bool, "explanation": "…"}}}`. */
export const judgeAnswerSchema = z.object({
  verdicts: z.record(z.string(), z.looseObject({ flagged: flagSchema, explanation: z.string().optional() })),
});
export type JudgeVerdicts = z.infer<typeof judgeAnswerSchema>['verdicts'];

/**
 * Reads the verdicts out of the judge's text. Models without structured output wrap JSON in prose
 * or code fences, so the outermost `{…}` is tried too; anything else is no answer at all.
 */
export function parseJudgeAnswer(text: string): JudgeVerdicts | undefined {
  const candidates = [text.trim()];
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      const parsed = judgeAnswerSchema.safeParse(JSON.parse(candidate));
      if (parsed.success) return parsed.data.verdicts;
    } catch {
      // Not JSON as a whole: try the next candidate.
    }
  }
  return undefined;
}

/** What became of asking the judge: its verdicts, or why there are none. */
export type JudgeOutcome =
  | { kind: 'verdicts'; verdicts: JudgeVerdicts }
  | { kind: 'failed'; reason: UnavailableReason };

const MAX_EXPLANATION_CHARS = 300;

function explanationOf(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length <= MAX_EXPLANATION_CHARS
    ? trimmed
    : `${trimmed.slice(0, MAX_EXPLANATION_CHARS - 1)}…`;
}

/**
 * One verdict per call of the answer, failing closed: a call the judge was not asked about, did not
 * answer for, or could not be reached for never comes back as allowed.
 */
export function safeguardResultsFor(
  calls: AnsweredToolCall[],
  outcome: JudgeOutcome | undefined,
  /** Calls kept from the judge, with the reason (cut off, too long to judge). */
  withheld: ReadonlyMap<string, UnavailableReason> = new Map(),
): SafeguardResult[] {
  const toolUses: Record<string, ToolUseVerdict> = {};
  for (const call of calls) {
    const reason = call.truncated ? 'truncated' : withheld.get(call.id);
    if (reason) {
      toolUses[call.id] = { type: 'unavailable', reason };
      continue;
    }
    if (!outcome || outcome.kind === 'failed') {
      toolUses[call.id] = { type: 'unavailable', reason: outcome?.reason ?? 'error' };
      continue;
    }
    const verdict = Object.hasOwn(outcome.verdicts, call.id) ? outcome.verdicts[call.id] : undefined;
    if (!verdict) {
      toolUses[call.id] = { type: 'unavailable', reason: 'error' };
      continue;
    }
    // Claude Code shows a flagged call's explanation to the user: never leave it blank.
    const explanation =
      explanationOf(verdict.explanation) ??
      (verdict.flagged ? "Aurora's auto mode judge flagged this action." : undefined);
    toolUses[call.id] = {
      type: 'evaluated',
      outcome: verdict.flagged ? 'flagged' : 'not_flagged',
      ...(explanation ? { explanation } : {}),
    };
  }
  return availableResults(toolUses);
}
