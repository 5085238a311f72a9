import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, fetchAllPages } from './client';
import type { AliasBody } from './schemas';

export interface Alias extends AliasBody {
  id: string;
  enabled: boolean;
  from_config: boolean;
  created_at: string;
  updated_at?: string;
}

export const aliasKeys = { all: ['aliases'] as const };

export function useAliases() {
  return useQuery({
    queryKey: aliasKeys.all,
    queryFn: ({ signal }) => fetchAllPages<Alias>('/admin/api/aliases', signal),
  });
}

export function saveAlias({ id, body }: { id?: string; body: Partial<AliasBody> }): Promise<Alias> {
  return id
    ? apiRequest<Alias>(`/admin/api/aliases/${encodeURIComponent(id)}`, { method: 'PATCH', body })
    : apiRequest<Alias>('/admin/api/aliases', { method: 'POST', body });
}

export function useSaveAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveAlias,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aliasKeys.all }),
  });
}

export function useDeleteAlias() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<unknown>(`/admin/api/aliases/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aliasKeys.all }),
  });
}
