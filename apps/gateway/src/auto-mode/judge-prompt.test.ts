import { readFileSync } from 'node:fs';
import { anthropicMessagesRequestSchema } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import { buildJudgeRequest, JUDGE_SYSTEM_PROMPT, verdictSchema } from './judge-prompt.js';
import { dangerousToolUseCheck } from './safeguards.js';

const recorded = JSON.parse(
  readFileSync(
    new URL('../../test/fixtures/claude-code-2.1.332-auto-mode-request.json', import.meta.url),
    'utf8',
  ),
) as { safeguards: unknown };

describe('buildJudgeRequest', () => {
  const check = dangerousToolUseCheck(recorded.safeguards)!;
  const request = buildJudgeRequest({
    model: 'judge',
    classifierContext: check.classifierContext,
    transcript: '[user] Create the marker file.',
    calls: [{ id: 'toolu_x', name: 'Bash', input: { command: 'touch m' }, truncated: false }],
  });
  const userText = request.messages[0]!.content as string;

  it('is a valid non-streamed Messages request for the judge alias, asking for structured output', () => {
    expect(anthropicMessagesRequestSchema.safeParse(request).success).toBe(true);
    expect(request).toMatchObject({ model: 'judge', stream: false, system: JUDGE_SYSTEM_PROMPT });
    expect(request.output_config?.format).toEqual({
      type: 'json_schema',
      name: 'verdicts',
      schema: verdictSchema(['toolu_x']),
    });
  });

  it("gives the judge the user's trusted directories and rules, the transcript and every call", () => {
    expect(userText).toContain('"trusted_directories":{"primary":{"path":"/home/user/project"');
    expect(userText).toContain('"rules":{"allow":[],"deny":[],"ask":[]}');
    expect(userText).toContain('[user] Create the marker file.');
    expect(userText).toContain('{"id":"toolu_x","name":"Bash","input":{"command":"touch m"}}');
    // Caches and client facts are not the judge's business.
    expect(userText).not.toContain('classifier_facts');
    expect(userText).not.toContain('rule_roots');
  });

  it('requires exactly the ids asked about', () => {
    const schema = verdictSchema(['a', 'b']) as { properties: { verdicts: { required: string[] } } };
    expect(schema.properties.verdicts.required).toEqual(['a', 'b']);
  });
});

describe('dangerousToolUseCheck', () => {
  it('finds the check in what Claude Code sends, and nothing in anything else', () => {
    expect(dangerousToolUseCheck(recorded.safeguards)?.classifierContext).toMatchObject({ v: 1 });
    expect(dangerousToolUseCheck(undefined)).toBeUndefined();
    expect(dangerousToolUseCheck([{ type: 'other' }])).toBeUndefined();
    expect(dangerousToolUseCheck('nonsense')).toBeUndefined();
    expect(dangerousToolUseCheck([{ type: 'dangerous_tool_use' }])).toEqual({ classifierContext: null });
  });
});
