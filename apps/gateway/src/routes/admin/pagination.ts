import type { ListEnvelope, PageQuery } from '@aurora/contract';
import { GatewayError } from '../../errors/gateway-error.js';

const DEFAULT_PAGE_SIZE = 200;

// Providers, aliases and keys are few and listed whole from the database, so a page is a slice and
// the cursor is the offset of the next one, opaque to clients.
function decodeOffset(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new GatewayError('invalid_request_error', 'the cursor is not one this server handed out', {
      field: 'cursor',
    });
  }
  return offset;
}

export function pageOf<T>(items: readonly T[], query: PageQuery): ListEnvelope<T> {
  const start = query.cursor ? decodeOffset(query.cursor) : 0;
  const end = start + (query.limit ?? DEFAULT_PAGE_SIZE);
  return {
    data: items.slice(start, end),
    next_cursor: end < items.length ? Buffer.from(String(end)).toString('base64url') : null,
  };
}
