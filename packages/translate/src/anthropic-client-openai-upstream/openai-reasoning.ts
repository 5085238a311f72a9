import type { ReasoningDetail } from '../openai/request.js';

/**
 * Reasoning text of an OpenAI message or delta, and the field it came in. Providers send one of three
 * spellings; OpenRouter sends both `reasoning` and `reasoning_details` with the same text, so the first
 * present one wins.
 */
export function openAIReasoningText(source: {
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
}): { text: string; field: string } | null {
  if (source.reasoning_content) return { text: source.reasoning_content, field: 'reasoning_content' };
  if (source.reasoning) return { text: source.reasoning, field: 'reasoning' };
  const details = source.reasoning_details;
  if (details && details.length > 0) {
    let text = '';
    for (const detail of details) text += detail.text ?? detail.summary ?? '';
    if (text) return { text, field: 'reasoning_details' };
  }
  return null;
}
