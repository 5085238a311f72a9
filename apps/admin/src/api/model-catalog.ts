import type { ModelCatalog } from '@aurora/contract';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';

export type { CatalogModel, ModelCatalog } from '@aurora/contract';

/** The gateway's model catalog (shipped, plus the operator's override file). */
export function useModelCatalog() {
  return useQuery<ModelCatalog>({
    queryKey: ['model-catalog'],
    queryFn: ({ signal }) => apiRequest<ModelCatalog>('/admin/api/model-catalog', { signal }),
    staleTime: 60_000,
  });
}
