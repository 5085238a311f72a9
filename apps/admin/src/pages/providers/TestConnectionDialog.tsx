import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type Provider, providerKeys, testProvider } from '../../api/providers';
import { Dialog } from '../../components/Dialog';
import { Badge, LoadingState } from '../../components/States';
import { formatMs } from '../../format';

export function TestConnectionDialog({
  provider,
  onClose,
  onCreateAlias,
}: {
  provider: Provider;
  onClose: () => void;
  /** One click from a listed model to a new alias for it. */
  onCreateAlias: (model: string) => void;
}) {
  const queryClient = useQueryClient();
  const test = useQuery({
    queryKey: [...providerKeys.models(provider.id), 'test'],
    queryFn: async () => {
      const result = await testProvider(provider.id);
      // The alias form suggests target models from the same call; a fresh test refreshes them.
      if (result.ok) queryClient.setQueryData(providerKeys.models(provider.id), result.models);
      return result;
    },
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  const models = test.data?.ok ? test.data.models : [];

  return (
    <Dialog
      title={`Test ${provider.name}`}
      description={<span className="mono">{provider.base_url}</span>}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={() => test.refetch()}>
            Test again
          </button>
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      {test.isFetching ? (
        <LoadingState label="Asking the provider for its models…" />
      ) : test.isError || test.data?.ok === false ? (
        <div role="alert" className="form-error">
          <strong>Connection failed.</strong>{' '}
          {test.data?.ok === false
            ? `${test.data.status === undefined ? '' : `${test.data.status}: `}${test.data.message}`
            : test.error?.message}
        </div>
      ) : (
        <section className="stack" aria-label="Test result">
          <div className="result-meta" role="status">
            <Badge tone="success">Connected</Badge>
            <Badge>
              {models.length} model{models.length === 1 ? '' : 's'}
            </Badge>
            {test.data?.latency_ms !== undefined && <Badge>{formatMs(test.data.latency_ms)}</Badge>}
          </div>
          {models.length > 0 ? (
            <ul className="model-list" aria-label="Upstream models">
              {models.map((model) => (
                <li key={model} className="model-row">
                  <span className="mono">{model}</span>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    aria-label={`Create an alias for ${model}`}
                    onClick={() => onCreateAlias(model)}
                  >
                    Create alias
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">The provider answered but listed no models.</p>
          )}
        </section>
      )}
    </Dialog>
  );
}
