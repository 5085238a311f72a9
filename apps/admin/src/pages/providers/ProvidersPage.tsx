import { useState } from 'react';
import { type Provider, useDeleteProvider, useProviders } from '../../api/providers';
import { ActionsHeader, DataTable, RowAction } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Badge, EmptyState, PageHeader, QueryStates } from '../../components/States';
import { formatRelative } from '../../format';
import { AliasDialog } from '../models/AliasDialog';
import { ProviderDialog } from './ProviderDialog';
import { TestConnectionDialog } from './TestConnectionDialog';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; provider: Provider }
  | { kind: 'delete'; provider: Provider }
  | { kind: 'test'; provider: Provider }
  | { kind: 'alias'; provider: Provider; model: string };

export function ProvidersPage() {
  const providers = useProviders();
  const deleteProvider = useDeleteProvider();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const close = () => {
    setDialog(null);
    deleteProvider.reset();
  };

  return (
    <>
      <PageHeader
        title="Providers"
        description="Where requests go: OpenAI-compatible APIs (OpenRouter, DeepSeek, Groq, Ollama, vLLM, …) or Anthropic's own."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => setDialog({ kind: 'create' })}
          >
            <Icon name="plus" size={16} />
            Add provider
          </button>
        }
      />
      <section className="card" aria-label="Providers">
        <QueryStates
          query={providers}
          loadingLabel="Loading providers…"
          isEmpty={(data) => data.length === 0}
          empty={
            <EmptyState title="No providers yet">
              <p>Add one from a preset: its base URL and quirks are filled in for you.</p>
              <button
                type="button"
                className="button button-primary"
                onClick={() => setDialog({ kind: 'create' })}
              >
                Add provider
              </button>
            </EmptyState>
          }
        >
          {(data) => (
            <DataTable>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Base URL</th>
                  <th scope="col">API key</th>
                  <th scope="col">Updated</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {data.map((provider) => (
                  <tr key={provider.id}>
                    <th scope="row">
                      <div className="cell-title mono">{provider.name}</div>
                      <div className="badges">
                        <Badge tone="accent">
                          {provider.kind === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible'}
                        </Badge>
                        {provider.preset && <Badge>{provider.preset}</Badge>}
                        {provider.from_config && <Badge>from config</Badge>}
                        {!provider.enabled && <Badge tone="warning">disabled</Badge>}
                      </div>
                    </th>
                    <td className="mono cell-sub">{provider.base_url}</td>
                    <td>{provider.api_key_set ? <Badge tone="success">set</Badge> : <Badge>none</Badge>}</td>
                    <td className="cell-sub">{formatRelative(provider.updated_at)}</td>
                    <td className="actions">
                      <RowAction
                        label={`Test connection to ${provider.name}`}
                        onClick={() => setDialog({ kind: 'test', provider })}
                      >
                        Test connection
                      </RowAction>
                      <RowAction
                        label={`Edit ${provider.name}`}
                        onClick={() => setDialog({ kind: 'edit', provider })}
                      >
                        Edit
                      </RowAction>
                      <RowAction
                        danger
                        label={`Delete ${provider.name}`}
                        onClick={() => setDialog({ kind: 'delete', provider })}
                      >
                        Delete
                      </RowAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </QueryStates>
      </section>

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <ProviderDialog provider={dialog.kind === 'edit' ? dialog.provider : undefined} onClose={close} />
      )}
      {dialog?.kind === 'test' && (
        <TestConnectionDialog
          provider={dialog.provider}
          onClose={close}
          onCreateAlias={(model) => setDialog({ kind: 'alias', provider: dialog.provider, model })}
        />
      )}
      {dialog?.kind === 'alias' && (
        <AliasDialog
          providers={providers.data ?? []}
          start={{ provider: dialog.provider.name, model: dialog.model }}
          onClose={close}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${dialog.provider.name}?`}
          message="A provider that aliases still route to cannot be deleted: point them at another provider (or delete them) first. Deleting cannot be undone."
          confirmLabel="Delete provider"
          pending={deleteProvider.isPending}
          error={deleteProvider.error?.message}
          onConfirm={() => deleteProvider.mutate(dialog.provider.id, { onSuccess: close })}
          onClose={close}
        />
      )}
    </>
  );
}
