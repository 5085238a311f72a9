import type { QuirkPreset } from './schema.js';

// Gemini's OpenAI-compatible endpoint validates tool schemas against a subset of OpenAPI: keywords
// such as `$schema`, `additionalProperties`, `exclusiveMinimum`/`exclusiveMaximum` and
// `propertyNames` are refused with 400 ("Unknown name ..."), and string `format` is limited to
// `enum` and `date-time`. `oneOf` is rewritten to `anyOf`. Thinking takes `reasoning_effort`.
export const gemini: QuirkPreset = {
  label: 'Google Gemini',
  kind: 'openai',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  quirks: {
    // Gemini 3 answers 4xx on a tool-call turn whose calls lack their thought signatures.
    tool_call_extra: true,
    schema_strip: [
      '$schema',
      '$id',
      '$comment',
      'additionalProperties',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'propertyNames',
      'patternProperties',
      'unevaluatedProperties',
      'dependentRequired',
      'dependentSchemas',
      'contentEncoding',
      'contentMediaType',
      'examples',
      'oneOf',
      'format:uri',
      'format:uri-reference',
      'format:iri',
      'format:email',
      'format:uuid',
      'format:hostname',
      'format:ipv4',
      'format:ipv6',
      'format:regex',
      'format:date',
      'format:time',
      'format:duration',
    ],
    max_stop_sequences: 5,
  },
  docsUrl: 'https://ai.google.dev/gemini-api/docs/openai',
};
