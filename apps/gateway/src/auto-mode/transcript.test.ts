import { readFileSync } from 'node:fs';
import type { AnthropicRequestMessage } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import { clipTranscript } from './transcript.js';

const recorded = JSON.parse(
  readFileSync(
    new URL('../../test/fixtures/claude-code-2.1.332-auto-mode-request.json', import.meta.url),
    'utf8',
  ),
) as { messages: AnthropicRequestMessage[] };

describe('clipTranscript', () => {
  it('renders a real Claude Code conversation: the request, the call and its output, no system text', () => {
    const text = clipTranscript([
      ...recorded.messages,
      { role: 'system', content: 'SECRET SYSTEM TEXT' },
    ] as AnthropicRequestMessage[]);
    expect(text).toContain('[user] Create the marker file.');
    expect(text).toMatch(/\[agent called Bash toolu_obs1\] \{"command":"touch /);
    expect(text).toContain('[tool output for toolu_obs1]');
    expect(text).not.toContain('SECRET SYSTEM TEXT');
  });

  it('never shows thinking', () => {
    const text = clipTranscript([
      { role: 'user', content: 'do it' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'PRIVATE REASONING', signature: 's' },
          { type: 'text', text: 'ok' },
        ],
      },
    ] as AnthropicRequestMessage[]);
    expect(text).toBe('[user] do it\n[assistant] ok');
  });

  it('keeps the first request and the newest entries within the budget, saying what was left out', () => {
    const messages: AnthropicRequestMessage[] = [{ role: 'user', content: 'FIRST REQUEST' }];
    for (let turn = 0; turn < 50; turn++) {
      messages.push({ role: 'assistant', content: `step ${turn} ${'x'.repeat(80)}` });
    }
    const text = clipTranscript(messages, { totalChars: 1_000, entryChars: 200 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('[user] FIRST REQUEST');
    expect(lines[1]).toMatch(/^\[… \d+ earlier entries left out …\]$/);
    expect(lines.at(-1)).toContain('step 49');
    const leftOut = Number(/(\d+) earlier/.exec(lines[1]!)![1]);
    expect(leftOut + lines.length - 2).toBe(50);
    expect(text.length).toBeLessThan(1_200);
  });

  it('cuts one huge tool output to the entry limit', () => {
    const text = clipTranscript(
      [
        { role: 'user', content: 'read it' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'y'.repeat(10_000) }] },
      ] as AnthropicRequestMessage[],
      { totalChars: 5_000, entryChars: 500 },
    );
    expect(text).toContain('more characters]');
    expect(text.length).toBeLessThan(700);
  });
});
