import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import type { UsageGrouping } from './schemas';

export interface UsageRow {
  /** The day (`YYYY-MM-DD`), key id or alias name this row sums up. */
  group: string;
  /** A readable name for `group` where it differs (a key's name). */
  label?: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface UsageQuery {
  from: string;
  to: string;
  group_by: UsageGrouping;
}

export function useUsage(query: UsageQuery) {
  return useQuery<UsageRow[]>({
    queryKey: ['usage', query],
    queryFn: ({ signal }) =>
      apiRequest<{ data: UsageRow[] }>('/admin/api/usage', { query: { ...query }, signal }).then(
        (r) => r.data,
      ),
    placeholderData: keepPreviousData,
  });
}
