// OpenAI Chat Completions request (OpenAI ingress) → the same for an OpenAI-kind provider: the client's
// body goes through as it is, but for the target model, the alias's limits and params, and the provider's quirks.

import type { OpenAIChatRequest } from '../openai/request.js';
import type { OpenAITarget } from '../openai/target.js';
import { compileSchemaStrip, stripSchema } from '../tool-schema.js';

export type OpenAIPassthroughTarget = Pick<OpenAITarget, 'model' | 'quirks' | 'maxOutputTokens' | 'params'>;

export function openAIRequestToOpenAI(
  req: OpenAIChatRequest,
  target: OpenAIPassthroughTarget,
): OpenAIChatRequest {
  const q = target.quirks;
  const { max_tokens, max_completion_tokens, ...rest } = req;
  const body: Record<string, unknown> = { ...rest, model: target.model };

  const asked = max_completion_tokens ?? max_tokens;
  const limit = target.maxOutputTokens ?? undefined;
  const maxTokens = asked == null ? limit : limit === undefined ? asked : Math.min(asked, limit);
  if (maxTokens !== undefined) body[q.max_tokens_field] = maxTokens;

  if (req.stream) {
    if (q.stream_usage) body.stream_options = { ...req.stream_options, include_usage: true };
    else delete body.stream_options;
  }
  const strip = compileSchemaStrip(q.schema_strip);
  if (strip && req.tools) {
    body.tools = req.tools.map((tool) =>
      tool.function.parameters
        ? {
            ...tool,
            function: { ...tool.function, parameters: stripSchema(tool.function.parameters, strip) },
          }
        : tool,
    );
  }
  if (!q.parallel_tool_calls) delete body.parallel_tool_calls;
  if (!q.user_field) delete body.user;
  return { ...body, ...q.extra_body, ...target.params } as OpenAIChatRequest;
}
