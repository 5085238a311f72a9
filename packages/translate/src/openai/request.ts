import { z } from 'zod';
import { stringOrArray, tolerantUnion } from '../zod-unions.js';

// OpenAI Chat Completions request. Used both to validate what the OpenAI ingress receives and as the
// type of what `anthropicRequestToOpenAI` builds; loose objects so provider extras (`extra_body`, alias params)
// fit.

const textPartSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: z.looseObject({ type: z.string() }).nullish(),
});
const imageUrlPartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string(), detail: z.string().nullish() }),
});
const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    filename: z.string().nullish(),
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
  }),
});

const contentPartSchema = tolerantUnion(
  z.discriminatedUnion('type', [textPartSchema, imageUrlPartSchema, filePartSchema]),
  ['text', 'image_url', 'file'],
);
export type OpenAIContentPart = z.infer<typeof contentPartSchema>;

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
  /** Gemini: the call's thought signature (`{google: {thought_signature}}`), given back with the call. */
  extra_content: z.unknown().optional(),
});
export type OpenAIToolCall = z.infer<typeof toolCallSchema>;

/** OpenRouter's (and MiniMax's) structured reasoning entries. */
export const reasoningDetailSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  summary: z.string().nullish(),
  signature: z.string().nullish(),
  format: z.string().nullish(),
});
export type ReasoningDetail = z.infer<typeof reasoningDetailSchema>;

const textContent = stringOrArray(contentPartSchema);

const openAIMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent }),
  z.looseObject({ role: z.literal('developer'), content: textContent }),
  z.looseObject({ role: z.literal('user'), content: textContent }),
  z.looseObject({
    role: z.literal('assistant'),
    content: textContent.nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    reasoning_content: z.string().nullish(),
    reasoning_details: z.array(reasoningDetailSchema).nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: textContent }),
]);
export type OpenAIMessage = z.infer<typeof openAIMessageSchema>;

const openAIToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});
export type OpenAITool = z.infer<typeof openAIToolSchema>;

const openAIToolChoiceSchema = z.union([
  z.enum(['auto', 'required', 'none']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);
export type OpenAIToolChoice = z.infer<typeof openAIToolChoiceSchema>;

export const openAIChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(openAIMessageSchema),
  max_tokens: z.number().int().nullish(),
  max_completion_tokens: z.number().int().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  tools: z.array(openAIToolSchema).nullish(),
  tool_choice: openAIToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
  reasoning_effort: z.string().nullish(),
  user: z.string().nullish(),
  n: z.number().int().nullish(),
});
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;
