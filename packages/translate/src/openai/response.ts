import { z } from 'zod';
import { reasoningDetailSchema } from './request.js';

// OpenAI Chat Completions response and stream chunk. Everything but the bare structure is optional:
// OpenAI-compatible providers omit, null or extend fields freely.

const openAIUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().nullish(), cache_write_tokens: z.number().nullish() })
    .nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  // Provider spellings of cache counters: DeepSeek, Moonshot, Anthropic-backed proxies.
  prompt_cache_hit_tokens: z.number().nullish(),
  cached_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

/**
 * One part of a content array (Mistral's Magistral and Small stream and answer this way): text, or
 * thinking whose text is itself an array of text parts (or a plain string).
 */
export const openAIAnswerContentPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z
    .union([z.string(), z.array(z.looseObject({ type: z.string().nullish(), text: z.string().nullish() }))])
    .nullish(),
});
export type OpenAIAnswerContentPart = z.infer<typeof openAIAnswerContentPartSchema>;

const contentField = z.union([z.string(), z.array(openAIAnswerContentPartSchema)]).nullish();

const reasoningFields = {
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  reasoning_details: z.array(reasoningDetailSchema).nullish(),
};

const openAIErrorObjectSchema = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

export const openAIChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  object: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().nullish(),
      message: z.looseObject({
        role: z.string().nullish(),
        content: contentField,
        refusal: z.string().nullish(),
        tool_calls: z
          .array(
            z.looseObject({
              id: z.string().nullish(),
              type: z.string().nullish(),
              function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }),
              extra_content: z.unknown().optional(),
            }),
          )
          .nullish(),
        ...reasoningFields,
      }),
      finish_reason: z.string().nullish(),
      // Moonshot (Kimi) reports usage inside the choice.
      usage: openAIUsageSchema.nullish(),
    }),
  ),
  usage: openAIUsageSchema.nullish(),
  error: openAIErrorObjectSchema.nullish(),
});
export type OpenAIChatResponse = z.infer<typeof openAIChatResponseSchema>;

const openAIToolCallDeltaSchema = z.looseObject({
  index: z.number().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
  // Gemini's thought signature of the call.
  extra_content: z.unknown().optional(),
});
export type OpenAIToolCallDelta = z.infer<typeof openAIToolCallDeltaSchema>;

export const openAIChatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  object: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: z
          .looseObject({
            role: z.string().nullish(),
            content: contentField,
            refusal: z.string().nullish(),
            tool_calls: z.array(openAIToolCallDeltaSchema).nullish(),
            ...reasoningFields,
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        usage: openAIUsageSchema.nullish(),
      }),
    )
    .nullish(),
  usage: openAIUsageSchema.nullish(),
  // OpenRouter and others report failures after the stream started as a chunk with `error`.
  error: openAIErrorObjectSchema.nullish(),
});
export type OpenAIChatChunk = z.infer<typeof openAIChatChunkSchema>;
