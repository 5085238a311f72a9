import type { AnthropicRequestMessage } from '@aurora/translate';

/** How much of the conversation the judge reads, in characters. */
export interface TranscriptBudget {
  totalChars: number;
  /** Any one entry (a long file read, a big tool result) is cut to this. */
  entryChars: number;
}

export const DEFAULT_TRANSCRIPT_BUDGET: TranscriptBudget = { totalChars: 24_000, entryChars: 2_000 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} […${text.length - max} more characters]`;
}

function blockText(block: unknown): string | undefined {
  if (typeof block === 'string') return block;
  const typed = block as { type?: string; text?: unknown };
  if (typed.type === 'text' && typeof typed.text === 'string') return typed.text;
  if (typed.type === 'image' || typed.type === 'document') return `(${typed.type})`;
  return undefined;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => blockText(part) ?? '').join('\n');
  return '';
}

/**
 * One line per thing said or done, oldest first. The system prompt, mid-conversation system messages
 * and thinking never appear: the judge reads what the user asked and what the agent did.
 */
function transcriptEntries(messages: AnthropicRequestMessage[], entryChars: number): string[] {
  const entries: string[] = [];
  for (const message of messages) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    const blocks = typeof message.content === 'string' ? [message.content] : (message.content as unknown[]);
    for (const block of blocks) {
      const text = blockText(block);
      if (text !== undefined) {
        if (text.trim() !== '') entries.push(clip(`[${message.role}] ${text}`, entryChars));
        continue;
      }
      const typed = block as { type?: string; id?: string; name?: string; input?: unknown };
      if (typed.type === 'tool_use') {
        entries.push(
          clip(`[agent called ${typed.name} ${typed.id}] ${JSON.stringify(typed.input)}`, entryChars),
        );
      } else if (typed.type === 'tool_result') {
        const result = block as { tool_use_id?: string; content?: unknown; is_error?: boolean };
        const label = result.is_error ? 'tool error' : 'tool output';
        entries.push(clip(`[${label} for ${result.tool_use_id}] ${resultText(result.content)}`, entryChars));
      }
    }
  }
  return entries;
}

/**
 * The conversation clipped to the budget: the user's first request always, then as many of the
 * newest entries as fit, with a marker where the middle was left out.
 */
export function clipTranscript(
  messages: AnthropicRequestMessage[],
  budget: TranscriptBudget = DEFAULT_TRANSCRIPT_BUDGET,
): string {
  const entries = transcriptEntries(messages, budget.entryChars);
  const firstUser = entries.findIndex((entry) => entry.startsWith('[user]'));
  const kept: string[] = [];
  let used = 0;
  if (firstUser >= 0) {
    kept.push(entries[firstUser]!);
    used += entries[firstUser]!.length;
  }
  const newest: string[] = [];
  let index = entries.length - 1;
  for (; index > firstUser; index--) {
    const entry = entries[index]!;
    if (used + entry.length > budget.totalChars) break;
    newest.unshift(entry);
    used += entry.length;
  }
  // Entries before the first request (rare) and the middle that did not fit.
  const leftOut = index - firstUser + Math.max(firstUser, 0);
  if (leftOut > 0) kept.push(`[… ${leftOut} earlier entries left out …]`);
  return [...kept, ...newest].join('\n');
}
