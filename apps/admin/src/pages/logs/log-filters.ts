import { statusFilterSchema } from '@aurora/contract';
import type { LogsQuery } from '../../api/logs';

export interface LogFilters {
  key_id: string;
  alias: string;
  session_id: string;
  request_id: string;
  /** One of `statusFilters`' values: a class such as `4xx` or an exact status. */
  status: string;
  /** `datetime-local` input values, in the browser's time zone. */
  from: string;
  to: string;
}

export const emptyLogFilters: LogFilters = {
  key_id: '',
  alias: '',
  session_id: '',
  request_id: '',
  status: '',
  from: '',
  to: '',
};

/** Filters a link may set in the page's query string (a key's row links to `?key_id=…`). */
export function filtersFromSearch(search: string): LogFilters {
  const params = new URLSearchParams(search);
  return {
    ...emptyLogFilters,
    key_id: params.get('key_id') ?? '',
    alias: params.get('alias') ?? '',
    session_id: params.get('session_id') ?? '',
    request_id: params.get('request_id') ?? '',
  };
}

export const statusFilters = [
  { value: '', label: 'Any status' },
  { value: '2xx', label: 'Success (2xx)' },
  { value: '4xx', label: 'Client errors (4xx)' },
  { value: '5xx', label: 'Server errors (5xx)' },
  { value: '400', label: '400 Bad request' },
  { value: '401', label: '401 Unauthorized' },
  { value: '403', label: '403 Forbidden' },
  { value: '429', label: '429 Rate limited' },
] as const;

export const LOG_PAGE_SIZE = 50;

function localToIso(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

export function logQuery(filters: LogFilters, cursor: string | undefined): LogsQuery {
  return {
    limit: LOG_PAGE_SIZE,
    cursor,
    key_id: filters.key_id || undefined,
    alias: filters.alias.trim() || undefined,
    session_id: filters.session_id.trim() || undefined,
    request_id: filters.request_id.trim() || undefined,
    // The API's own schema reads the choice, so `429` travels as a number and `4xx` as a class.
    status: filters.status ? statusFilterSchema.parse(filters.status) : undefined,
    from: localToIso(filters.from),
    to: localToIso(filters.to),
  };
}

export function statusTone(status: number): 'success' | 'warning' | 'danger' {
  if (status < 400) return 'success';
  return status < 500 ? 'warning' : 'danger';
}
