import type {
  ListEnvelope,
  Provider,
  ProviderBody,
  ProviderPatch,
  ProviderPreset,
  ProviderTestResult,
} from '@aurora/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, createOrPatch, fetchAllPages, type SaveChange } from './client';

export type { Provider, ProviderPreset, ProviderTestResult };

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
      apiRequest<ListEnvelope<ProviderPreset>>('/admin/api/provider-presets', { signal }).then((r) => r.data),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function testProvider(id: string): Promise<ProviderTestResult> {
  return apiRequest<ProviderTestResult>(`/admin/api/providers/${encodeURIComponent(id)}/test`, {
    method: 'POST',
  });
}

/** The upstream's model list, used to suggest target models; empty when the upstream can't list them. */
export function useProviderModels(id: string | undefined) {
  return useQuery({
    queryKey: providerKeys.models(id ?? ''),
    queryFn: () => testProvider(id!).then((result) => (result.ok ? result.models : [])),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Creates a provider, or with an `id` patches it: `api_key: null` removes the stored key. */
function saveProvider(change: SaveChange<ProviderBody, ProviderPatch>): Promise<Provider> {
  return createOrPatch<Provider>('/admin/api/providers', change);
}

export function useSaveProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveProvider,
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
