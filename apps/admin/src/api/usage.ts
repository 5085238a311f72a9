import type { ListEnvelope, UsageQuery, UsageRow } from '@aurora/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';

export type { UsageQuery, UsageRow };

export function useUsage(query: UsageQuery) {
  return useQuery<UsageRow[]>({
    queryKey: ['usage', query],
    queryFn: ({ signal }) =>
      apiRequest<ListEnvelope<UsageRow>>('/admin/api/usage', { query: { ...query }, signal }).then(
        (r) => r.data,
      ),
    placeholderData: keepPreviousData,
  });
}
