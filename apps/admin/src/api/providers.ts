import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, fetchAllPages } from './client';
import type { ProviderBody } from './schemas';

/** A provider as the admin API answers it: its body minus `api_key`, which is never returned. */
export interface Provider extends Omit<ProviderBody, 'api_key'> {
  id: string;
  kind: 'openai' | 'anthropic';
  base_url: string;
  enabled: boolean;
  has_api_key: boolean;
  from_config: boolean;
  created_at: string;
  updated_at?: string;
}

export interface ProviderPreset {
  name: string;
  label: string;
  kind: 'openai' | 'anthropic';
  base_url: string;
  quirks: Record<string, unknown>;
  docs_url?: string;
}

/** What `POST /admin/api/providers/:id/test` answers: the upstream's models, or why there are none. */
export interface ProviderTestResult {
  ok: boolean;
  models?: string[];
  message?: string;
  latency_ms?: number;
}

export const providerKeys = {
  all: ['providers'] as const,
  presets: ['provider-presets'] as const,
  models: (id: string) => ['providers', id, 'models'] as const,
};

export function useProviders() {
  return useQuery({
    queryKey: providerKeys.all,
    queryFn: ({ signal }) => fetchAllPages<Provider>('/admin/api/providers', signal),
  });
}

export function useProviderPresets() {
  return useQuery({
    queryKey: providerKeys.presets,
    queryFn: ({ signal }) =>
      apiRequest<{ data: ProviderPreset[] }>('/admin/api/provider-presets', { signal }).then((r) => r.data),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function testProvider(id: string): Promise<ProviderTestResult> {
  return apiRequest<ProviderTestResult>(`/admin/api/providers/${encodeURIComponent(id)}/test`, {
    method: 'POST',
  });
}

/** The upstream's model list, used to suggest target models; absent when the upstream can't list them. */
export function useProviderModels(id: string | undefined) {
  return useQuery({
    queryKey: providerKeys.models(id ?? ''),
    queryFn: () => testProvider(id!).then((result) => result.models ?? []),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSaveProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Partial<ProviderBody> }) =>
      id
        ? apiRequest<Provider>(`/admin/api/providers/${encodeURIComponent(id)}`, { method: 'PATCH', body })
        : apiRequest<Provider>('/admin/api/providers', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerKeys.all }),
  });
}

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<unknown>(`/admin/api/providers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: providerKeys.all }),
  });
}
