// Arbitrary Anthropic Messages requests (fast-check) for the translation's property tests.
import fc from 'fast-check';
import { quirkPresets } from '../src/index.js';

export const openAIPresets = Object.entries(quirkPresets)
  .filter(([, p]) => p.kind === 'openai')
  .map(([name]) => name);

// Text a scanner of the JSON could trip on (quotes, escapes, brackets, keys of the request) is common.
export const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('"messages":[{"role":"user"}]', '\\"', '\\', '"', '{[', ']}', '\u2028', 'ü✓', ''),
);
export const cache = fc.option(fc.constant({ type: 'ephemeral' }), { nil: undefined });
export const toolId = fc.constantFrom('toolu_01', 'toolu_02', 'call_x', 'abcDEF123', 'toolu_vrtx_99');
export const block = fc.oneof(
  fc.record({ type: fc.constant('text'), text, cache_control: cache }),
  fc.record({
    type: fc.constant('image'),
    source: fc.oneof(
      fc.record({
        type: fc.constant('base64'),
        media_type: fc.constant('image/png'),
        data: fc.base64String(),
      }),
      fc.record({ type: fc.constant('url'), url: fc.webUrl() }),
    ),
  }),
  fc.record({
    type: fc.constant('tool_use'),
    id: toolId,
    name: fc.constantFrom('Read', 'Bash'),
    input: fc.dictionary(text, fc.jsonValue()),
  }),
  fc.record({
    type: fc.constant('tool_result'),
    tool_use_id: toolId,
    is_error: fc.option(fc.boolean(), { nil: undefined }),
    content: fc.oneof(
      text,
      fc.array(
        fc.oneof(
          fc.record({ type: fc.constant('text'), text }),
          fc.record({
            type: fc.constant('image'),
            source: fc.record({ type: fc.constant('url'), url: fc.constantFrom('https://x.test/a.png') }),
          }),
        ),
        { maxLength: 3 },
      ),
    ),
    cache_control: cache,
  }),
  fc.record({
    type: fc.constant('thinking'),
    thinking: text,
    signature: fc.constantFrom('aurora:v1:reasoning_content', 'EqQBreal'),
  }),
  fc.record({ type: fc.constant('redacted_thinking'), data: text }),
  fc.record({
    type: fc.constant('document'),
    source: fc.record({
      type: fc.constant('base64'),
      media_type: fc.constant('application/pdf'),
      data: fc.base64String(),
    }),
  }),
  fc.record({ type: fc.constantFrom('server_tool_use', 'future_block'), id: text }),
);
export const message = fc.record({
  role: fc.constantFrom('user', 'assistant', 'system'),
  content: fc.oneof(text, fc.array(block, { maxLength: 5 })),
});
export const tool = fc.oneof(
  fc.record({
    name: fc.constantFrom('Read', 'Bash', 'WebFetch'),
    description: fc.option(text, { nil: undefined }),
    input_schema: fc.constant({
      $schema: 'x',
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: 'string', format: 'uri' } },
    }),
  }),
  fc.record({ type: fc.constant('web_search_20250305'), name: fc.constant('web_search') }),
);
export const request = fc.record(
  {
    model: fc.constant('alias'),
    max_tokens: fc.integer({ min: 1, max: 200000 }),
    messages: fc.array(message, { maxLength: 8 }),
    system: fc.oneof(
      text,
      fc.array(fc.record({ type: fc.constant('text'), text, cache_control: cache }), { maxLength: 3 }),
    ),
    tools: fc.array(tool, { maxLength: 4 }),
    tool_choice: fc.oneof(
      fc.record({ type: fc.constantFrom('auto', 'any', 'none') }),
      fc.record({
        type: fc.constant('tool'),
        name: fc.constantFrom('Read', 'web_search', 'Nope'),
        disable_parallel_tool_use: fc.boolean(),
      }),
    ),
    thinking: fc.oneof(
      fc.record({ type: fc.constant('enabled'), budget_tokens: fc.nat(64000) }),
      fc.record({ type: fc.constantFrom('disabled', 'adaptive') }),
    ),
    output_config: fc.record({ effort: fc.constantFrom('low', 'medium', 'high') }),
    stop_sequences: fc.array(text, { maxLength: 6 }),
    temperature: fc.double({ min: 0, max: 1, noNaN: true }),
    top_k: fc.nat(100),
    stream: fc.boolean(),
    metadata: fc.record({ user_id: text }),
    context_management: fc.jsonValue(),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);
