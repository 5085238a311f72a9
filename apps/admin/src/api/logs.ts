import type { ListEnvelope, LogsQuery, RequestLog } from '@aurora/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';

export type { LogsQuery, RequestLog };

export function useLogs(query: LogsQuery) {
  return useQuery<ListEnvelope<RequestLog>>({
    queryKey: ['logs', query],
    queryFn: ({ signal }) =>
      apiRequest<ListEnvelope<RequestLog>>('/admin/api/logs', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}
