import type { NewRequestLog } from '@aurora/db';

// Names are indexed (alias) or shown in tables; a client can send a megabyte of model name.
const MAX_NAME_CHARS = 256;
const MAX_MESSAGE_CHARS = 2_000;

const nameFields = ['alias', 'provider', 'upstream_model', 'error_type', 'session_id'] as const;

/** Cuts `text` to at most `max` characters without splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

/**
 * A row whose strings fit what the table and its indexes hold (an index entry has a size limit);
 * NUL and lone surrogates are made storable by `insertRequestLogs` itself.
 */
export function boundLogRow(row: NewRequestLog): NewRequestLog {
  const bounded = { ...row };
  for (const field of nameFields) {
    const value = bounded[field];
    if (typeof value === 'string') bounded[field] = truncateText(value, MAX_NAME_CHARS);
  }
  if (typeof bounded.error_message === 'string') {
    bounded.error_message = truncateText(bounded.error_message, MAX_MESSAGE_CHARS);
  }
  return bounded;
}
