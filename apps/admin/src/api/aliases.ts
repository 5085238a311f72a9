import type { Alias, AliasBody, AliasPatch } from '@aurora/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, createOrPatch, fetchAllPages, type SaveChange } from './client';

export type { Alias };

export const aliasKeys = { all: ['aliases'] as const };

export function useAliases() {
  return useQuery({
    queryKey: aliasKeys.all,
    queryFn: ({ signal }) => fetchAllPages<Alias>('/admin/api/aliases', signal),
  });
}

/** Creates an alias, or with an `id` patches it: `null` in a patch clears a limit or a price. */
export function saveAlias(change: SaveChange<AliasBody, AliasPatch>): Promise<Alias> {
  return createOrPatch<Alias>('/admin/api/aliases', change);
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
