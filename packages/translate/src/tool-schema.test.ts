import { describe, expect, it } from 'vitest';
import { compileSchemaStrip, stripSchema } from './tool-schema.js';

describe('stripSchema', () => {
  const strip = compileSchemaStrip([
    '$schema',
    'additionalProperties',
    'exclusiveMinimum',
    'oneOf',
    'format:uri',
  ]);

  it('removes keywords at every schema position but keeps properties that share their names', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      properties: {
        format: { type: 'string', enum: ['json', 'text'] },
        url: { type: 'string', format: 'uri' },
        when: { type: 'string', format: 'date-time' },
        n: { type: 'number', exclusiveMinimum: 0 },
        items: { type: 'array', items: { type: 'object', additionalProperties: false, properties: {} } },
        choice: { oneOf: [{ type: 'string', format: 'uri' }, { type: 'number' }] },
      },
      required: ['url'],
    };
    expect(stripSchema(schema, strip!)).toEqual({
      type: 'object',
      properties: {
        format: { type: 'string', enum: ['json', 'text'] },
        url: { type: 'string' },
        when: { type: 'string', format: 'date-time' },
        n: { type: 'number' },
        items: { type: 'array', items: { type: 'object', properties: {} } },
        choice: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['url'],
    });
  });

  it('is not compiled at all when nothing is to be stripped', () => {
    expect(compileSchemaStrip([])).toBeNull();
  });
});
