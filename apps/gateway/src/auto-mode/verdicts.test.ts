import { describe, expect, it } from 'vitest';
import type { AnsweredToolCall } from './tool-calls.js';
import { parseJudgeAnswer, safeguardResultsFor } from './verdicts.js';

const call = (id: string, truncated = false): AnsweredToolCall => ({
  id,
  name: 'Bash',
  input: { command: 'ls' },
  truncated,
});

describe('parseJudgeAnswer', () => {
  it('reads structured output as sent', () => {
    expect(
      parseJudgeAnswer('{"verdicts":{"toolu_1":{"flagged":false,"explanation":"Lists files."}}}'),
    ).toEqual({
      toolu_1: { flagged: false, explanation: 'Lists files.' },
    });
  });

  it('finds the JSON inside prose, code fences or think tags', () => {
    const text =
      '<think>the user asked for it</think>\nHere you go:\n```json\n{"verdicts":{"a":{"flagged":"true","explanation":"x"}}}\n```';
    expect(parseJudgeAnswer(text)).toEqual({ a: { flagged: true, explanation: 'x' } });
  });

  it('gives nothing for an answer in another shape', () => {
    expect(parseJudgeAnswer('I cannot help with that.')).toBeUndefined();
    expect(parseJudgeAnswer('{"a":{"flagged":false}}')).toBeUndefined();
    expect(parseJudgeAnswer('{"verdicts":{"a":{"flagged":"maybe"}}}')).toBeUndefined();
  });
});

describe('safeguardResultsFor', () => {
  const available = (toolUses: unknown) => [
    { type: 'dangerous_tool_use', status: { type: 'available', tool_uses: toolUses } },
  ];

  it('maps each verdict to the shape Claude Code reads, keyed by the exact tool_use id', () => {
    const results = safeguardResultsFor([call('toolu_01A'), call('toolu_01B')], {
      kind: 'verdicts',
      verdicts: {
        toolu_01A: { flagged: false, explanation: 'Reads a project file.' },
        toolu_01B: { flagged: true, explanation: 'Uploads ~/.ssh to a server.' },
      },
    });
    expect(results).toEqual(
      available({
        toolu_01A: { type: 'evaluated', outcome: 'not_flagged', explanation: 'Reads a project file.' },
        toolu_01B: { type: 'evaluated', outcome: 'flagged', explanation: 'Uploads ~/.ssh to a server.' },
      }),
    );
  });

  it('fails closed for an id the judge left out, and never lets an unknown id in', () => {
    const results = safeguardResultsFor([call('a'), call('b')], {
      kind: 'verdicts',
      verdicts: { a: { flagged: false }, zzz: { flagged: false } },
    });
    expect(results).toEqual(
      available({
        a: { type: 'evaluated', outcome: 'not_flagged' },
        b: { type: 'unavailable', reason: 'error' },
      }),
    );
  });

  it('gives every call the failure reason when the judge could not answer', () => {
    expect(safeguardResultsFor([call('a'), call('b')], { kind: 'failed', reason: 'timeout' })).toEqual(
      available({
        a: { type: 'unavailable', reason: 'timeout' },
        b: { type: 'unavailable', reason: 'timeout' },
      }),
    );
    expect(safeguardResultsFor([call('a')], undefined)).toEqual(
      available({ a: { type: 'unavailable', reason: 'error' } }),
    );
  });

  it('marks cut-off and withheld calls unavailable whatever the judge said', () => {
    const results = safeguardResultsFor(
      [call('cut', true), call('huge'), call('ok')],
      {
        kind: 'verdicts',
        verdicts: { cut: { flagged: false }, huge: { flagged: false }, ok: { flagged: false } },
      },
      new Map([['huge', 'input_too_long' as const]]),
    );
    expect(results).toEqual(
      available({
        cut: { type: 'unavailable', reason: 'truncated' },
        huge: { type: 'unavailable', reason: 'input_too_long' },
        ok: { type: 'evaluated', outcome: 'not_flagged' },
      }),
    );
  });

  it('answers an answer without tool calls with an empty map', () => {
    expect(safeguardResultsFor([], undefined)).toEqual(available({}));
  });

  it('gives a flagged call an explanation even when the judge gave none, and clips long ones', () => {
    const results = safeguardResultsFor([call('a'), call('b')], {
      kind: 'verdicts',
      verdicts: { a: { flagged: true }, b: { flagged: true, explanation: 'x'.repeat(1000) } },
    });
    const toolUses = (results[0]!.status as { tool_uses: Record<string, { explanation?: string }> })
      .tool_uses;
    expect(toolUses.a!.explanation).toMatch(/flagged/);
    expect(toolUses.b!.explanation!.length).toBe(300);
  });
});
