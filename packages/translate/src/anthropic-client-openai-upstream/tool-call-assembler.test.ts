import { describe, expect, it } from 'vitest';
import { createToolCallAssembler, heldToolArguments, toolArgumentsComplete } from './tool-call-assembler.js';

describe('createToolCallAssembler', () => {
  it('keeps fragments of one index together and tells a new call under a reused index by its name', () => {
    const calls = createToolCallAssembler();
    const a = calls.add({ index: 0, id: 'c1', function: { name: 'Read', arguments: '{"path":' } });
    expect(calls.add({ index: 0, function: { arguments: '"a"}' } })).toBe(a);
    expect(a.args).toBe('{"path":"a"}');
    const b = calls.add({ index: 0, function: { name: 'Bash', arguments: '{}' } });
    expect(b).not.toBe(a);
    expect(b.name).toBe('Bash');
  });

  it('follows the last call when fragments carry neither index nor id', () => {
    const calls = createToolCallAssembler();
    const a = calls.add({ function: { name: 'Read', arguments: '{"p"' } });
    expect(calls.add({ function: { arguments: ':1}' } })).toBe(a);
    const b = calls.add({ function: { name: 'Read', arguments: '{"p":2}' } });
    expect(b).not.toBe(a);
    expect(calls.unstarted()).toEqual([a, b]);
  });

  it('adds nothing to a closed call', () => {
    const calls = createToolCallAssembler();
    const a = calls.add({ index: 0, function: { name: 'Read', arguments: '{}' } });
    a.closed = true;
    calls.add({ index: 0, function: { arguments: 'late' } });
    expect(a.args).toBe('{}');
  });
});

describe('tool arguments', () => {
  it('are complete once they parse, and held ones come out as the object they stand for', () => {
    const tool = {
      name: 'Bash',
      args: '"{\\"command\\":\\"ls\\"}"',
      sent: 0,
      index: -1,
      closed: false,
      completeAt: -1,
    };
    expect(toolArgumentsComplete(tool)).toBe(true);
    expect(heldToolArguments(tool)).toBe('{"command":"ls"}');
    expect(heldToolArguments({ ...tool, args: '[1, 2]' })).toBe('{}');
    expect(toolArgumentsComplete({ ...tool, args: '{"a":', completeAt: -1 })).toBe(false);
  });
});
