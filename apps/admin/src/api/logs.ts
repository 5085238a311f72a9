import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, type Page } from './client';

export interface RequestLog {
  id: string;
  created_at: string;
  key_id: string | null;
  key_name?: string | null;
  alias: string | null;
  provider: string | null;
  upstream_model: string | null;
  ingress: 'anthropic' | 'openai' | string;
  streamed: boolean;
  status: number;
  error_type: string | null;
  error_message: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  ttfb_ms: number | null;
  attempts: number | null;
  session_id: string | null;
}

export interface LogQuery {
  limit: number;
  cursor?: string;
  key_id?: string;
  alias?: string;
  /** An exact status (`429`) or a class (`4xx`). */
  status?: string;
  from?: string;
  to?: string;
}

export function useLogs(query: LogQuery) {
  return useQuery<Page<RequestLog>>({
    queryKey: ['logs', query],
    queryFn: ({ signal }) => apiRequest<Page<RequestLog>>('/admin/api/logs', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}
