import type { ApiKey, CreatedApiKey, KeyBody, KeyPatch } from '@aurora/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, createOrPatch, fetchAllPages, type SaveChange } from './client';

export type { ApiKey, CreatedApiKey };

const apiKeyKeys = { all: ['keys'] as const };

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: ({ signal }) => fetchAllPages<ApiKey>('/admin/api/keys', signal),
  });
}

/**
 * Creates a key, answered with its secret once, or with an `id` patches it: `null` in a patch lifts an
 * expiry, the allow-list, a limit or a budget.
 */
function saveApiKey(change: SaveChange<KeyBody, KeyPatch>): Promise<ApiKey | CreatedApiKey> {
  return createOrPatch<ApiKey | CreatedApiKey>('/admin/api/keys', change);
}

export function useSaveApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<ApiKey>(`/admin/api/keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
