import { describe, expect, it } from 'vitest';
import { usageField } from './usage-field.js';

const read = (text: string) => usageField(text, (usage: unknown) => usage);

describe('usageField', () => {
  it('reads the top-level usage from the tail, wherever a nested "usage" sits', () => {
    const usage = { input_tokens: 3, output_tokens: 4, details: { cached: 1 } };
    const answers = [
      { content: [{ type: 'text', text: 'a "usage": {"input_tokens": 99}' }], usage },
      { usage, content: [{ type: 'tool_use', input: { usage: { input_tokens: 99 } } }] },
      { content: [{ type: 'tool_use', input: { usage: { input_tokens: 99 } } }], usage, stop_reason: 'end' },
      { choices: [], usage, system_fingerprint: 'x' },
    ];
    for (const answer of answers) {
      expect(read(JSON.stringify(answer))).toEqual(usage);
      expect(read(JSON.stringify(answer, null, 2))).toEqual(usage);
    }
  });

  it('gives nothing for no usage, a null one or a body that is not JSON', () => {
    expect(read('{"content":[{"type":"tool_use","input":{"usage":{"a":1}}}]}')).toBeUndefined();
    expect(read('{"usage":null}')).toBeUndefined();
    expect(read('not json "usage": {"a": 1}')).toBeUndefined();
  });
});
