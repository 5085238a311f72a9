import type { ListEnvelope, LogsQuery, RequestLog, RequestLogDetail } from '@aurora/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';

export type { LogsQuery, RequestLog, RequestLogDetail };

export function useLogs(query: LogsQuery) {
  return useQuery<ListEnvelope<RequestLog>>({
    queryKey: ['logs', query],
    queryFn: ({ signal }) =>
      apiRequest<ListEnvelope<RequestLog>>('/admin/api/logs', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** One request with everything stored about it, bodies included when they were logged. */
export function useLogDetail(id: string) {
  return useQuery<RequestLogDetail>({
    queryKey: ['logs', 'detail', id],
    queryFn: ({ signal }) =>
      apiRequest<RequestLogDetail>(`/admin/api/logs/${encodeURIComponent(id)}`, { signal }),
  });
}
