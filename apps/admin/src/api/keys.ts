import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, fetchAllPages } from './client';
import type { KeyBody } from './schemas';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  allowed_aliases: string[] | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  budget_tokens: number | null;
  budget_usd: number | null;
  /** Spend in the current calendar month. */
  spend_usd: number;
  spend_tokens: number;
}

/** The answer to creating a key: the only time the full key is ever shown. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export const apiKeyKeys = { all: ['keys'] as const };

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: ({ signal }) => fetchAllPages<ApiKey>('/admin/api/keys', signal),
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: KeyBody) => apiRequest<CreatedApiKey>('/admin/api/keys', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<unknown>(`/admin/api/keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
