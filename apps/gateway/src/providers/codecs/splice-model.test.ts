import { describe, expect, it } from 'vitest';
import { spliceModel } from './splice-model.js';

const splice = (text: string, model = 'target') => spliceModel(text, JSON.parse(text), model);

describe('spliceModel', () => {
  it('replaces a leading model and keeps every other byte', () => {
    const text =
      '{ "model" : "alias", "max_tokens":1,\n "messages":[{"role":"user","content":"hi \\"x\\""}]}';
    const out = splice(text, 'up/stream "m"');
    expect(out).toBe(text.replace('"alias"', JSON.stringify('up/stream "m"')));
    expect(JSON.parse(out!)).toEqual({ ...JSON.parse(text), model: 'up/stream "m"' });
  });

  it('reads an escaped model name back before trusting it', () => {
    const text = '{"model":"a\\u006cias\\"q","messages":[]}';
    expect(JSON.parse(splice(text)!).model).toBe('target');
  });

  it('splices past nested and escaped "model"s (a Task tool has a model parameter)', () => {
    const text =
      '{"model":"alias","tools":[{"name":"Task","input_schema":{"properties":{"model":{"type":"string"}}}}],' +
      '"messages":[{"role":"user","content":"say \\"model\\" twice: \\\\\\"model\\\\\\""}]}';
    const out = splice(text);
    expect(JSON.parse(out!)).toEqual({ ...JSON.parse(text), model: 'target' });
  });

  it('declines when model is not first, appears twice or is not the parsed one', () => {
    expect(splice('{"messages":[],"model":"alias"}')).toBeUndefined();
    expect(splice('{"model":"alias","messages":[],"model":"other"}')).toBeUndefined();
    expect(splice('{"model":"alias","messages":[],"model":"alias"}')).toBeUndefined();
    expect(splice('{"model":"alias","metadata":{},"x":"]","model":"alias"}')).toBeUndefined();
    expect(spliceModel('{"model":"alias"}', { model: 'other' }, 'target')).toBeUndefined();
    expect(splice('["model"]')).toBeUndefined();
  });
});
