import type { ReasoningDetail } from '../openai/request.js';
import type { OpenAIAnswerContentPart } from '../openai/response.js';
import type { ContentSegment } from './think-tags.js';

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

/** Whether a message or delta carries reasoning in any of the fields providers use. */
export function hasReasoningField(source: {
  reasoning_content?: string | null;
  reasoning?: string | null;
  reasoning_details?: ReasoningDetail[] | null;
}): boolean {
  return !!(source.reasoning_content || source.reasoning || source.reasoning_details?.length);
}

/**
 * A content array (Mistral) as text and thinking segments in order; parts of another type are
 * returned apart, as they cannot be shown.
 */
export function contentPartSegments(parts: OpenAIAnswerContentPart[]): {
  segments: ContentSegment[];
  unknown: string[];
} {
  const segments: ContentSegment[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (part.text) segments.push({ kind: 'text', text: part.text });
    } else if (part.type === 'thinking') {
      const thinking = part.thinking;
      const text =
        typeof thinking === 'string' ? thinking : (thinking ?? []).map((t) => t.text ?? '').join('');
      if (text) segments.push({ kind: 'thinking', text });
    } else if (part.text) {
      segments.push({ kind: 'text', text: part.text });
    } else unknown.push(part.type);
  }
  return { segments, unknown };
}

/**
 * Streamed `reasoning_details` entries merged into whole ones: fragments of one entry share its
 * `index` (or, without one, its type), their text and summary are joined and any signature, data or
 * id kept — exactly what the provider needs back.
 */
export function mergeReasoningDetails(into: ReasoningDetail[], entries: ReasoningDetail[]): void {
  for (const entry of entries) {
    const index = (entry as { index?: unknown }).index;
    const last = into[into.length - 1] as (ReasoningDetail & { index?: unknown }) | undefined;
    const same = last && last.type === entry.type && (index === undefined || last.index === index);
    if (!same) {
      into.push({ ...entry });
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (value == null) continue;
      if ((key === 'text' || key === 'summary') && typeof value === 'string') {
        const before = (last as Record<string, unknown>)[key];
        (last as Record<string, unknown>)[key] = (typeof before === 'string' ? before : '') + value;
      } else (last as Record<string, unknown>)[key] = value;
    }
  }
}
