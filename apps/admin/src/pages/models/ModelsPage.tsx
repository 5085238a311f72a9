import { isGlob } from '@aurora/contract';
import { useState } from 'react';
import { type Alias, useAliases, useDeleteAlias } from '../../api/aliases';
import { useProviders } from '../../api/providers';
import { ActionsHeader, DataTable, RowAction } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { SearchInput } from '../../components/SearchInput';
import { Badge, EmptyState, PageHeader, QueryStates } from '../../components/States';
import { formatCompact, formatUsd } from '../../format';
import { ProviderDialog } from '../providers/ProviderDialog';
import { AliasDialog } from './AliasDialog';
import { TiersDialog } from './TiersDialog';
import { TryItDialog } from './TryItDialog';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'provider' }
  | { kind: 'edit'; alias: Alias }
  | { kind: 'delete'; alias: Alias }
  | { kind: 'try'; alias: Alias }
  | { kind: 'tiers' };

function matchesSearch(alias: Alias, search: string) {
  const needle = search.trim().toLowerCase();
  return (
    !needle || [alias.name, alias.provider, alias.model].some((text) => text.toLowerCase().includes(needle))
  );
}

export function ModelsPage() {
  const aliases = useAliases();
  const providers = useProviders();
  const deleteAlias = useDeleteAlias();
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const close = () => {
    setDialog(null);
    deleteAlias.reset();
  };
  const visible = (aliases.data ?? []).filter((alias) => matchesSearch(alias, search));
  const providerList = providers.data ?? [];

  return (
    <>
      <PageHeader
        title="Models"
        description="Aliases give any provider's model a name that Claude Code and other clients can ask for."
        actions={
          <>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setDialog({ kind: 'tiers' })}
              disabled={!aliases.data}
            >
              Claude Code tiers
            </button>
            <button
              type="button"
              className="button button-primary"
              onClick={() => setDialog({ kind: 'create' })}
            >
              <Icon name="plus" size={16} />
              New alias
            </button>
          </>
        }
      />
      <div className="toolbar">
        <SearchInput label="Search aliases" value={search} onChange={setSearch} />
      </div>
      <section className="card" aria-label="Aliases">
        <QueryStates
          query={aliases}
          loadingLabel="Loading aliases…"
          isEmpty={(data) => data.length === 0}
          empty={
            providers.data && providerList.length === 0 ? (
              <EmptyState title="Start with a provider">
                <p>
                  An alias points at a provider's model, so a provider comes first: add one (OpenAI, DeepSeek,
                  OpenRouter, a local vLLM…) with its API key, then create aliases from its models.
                </p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setDialog({ kind: 'provider' })}
                >
                  Add a provider
                </button>
              </EmptyState>
            ) : (
              <EmptyState title="No aliases yet">
                <p>
                  Create an alias to give{' '}
                  {providerList.length === 1 ? `${providerList[0]!.name}'s` : "a provider's"} model a name
                  Claude Code can use; the dialog lists the provider's models.
                </p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setDialog({ kind: 'create' })}
                >
                  New alias
                </button>
              </EmptyState>
            )
          }
        >
          {() =>
            visible.length === 0 ? (
              <EmptyState title="No matching aliases">
                <p>Nothing matches “{search}”.</p>
              </EmptyState>
            ) : (
              <DataTable>
                <thead>
                  <tr>
                    <th scope="col">Alias</th>
                    <th scope="col">Target</th>
                    <th scope="col" className="numeric">
                      Context
                    </th>
                    <th scope="col" className="numeric">
                      Max output
                    </th>
                    <th scope="col" className="numeric">
                      Price in / out
                    </th>
                    <ActionsHeader />
                  </tr>
                </thead>
                <tbody>
                  {visible.map((alias) => (
                    <tr key={alias.id}>
                      <th scope="row">
                        <div className="cell-title mono">{alias.name}</div>
                        <div className="badges">
                          {isGlob(alias.name) && <Badge tone="accent">glob</Badge>}
                          {alias.reasoning && <Badge>reasoning</Badge>}
                          {!alias.supports_tools && <Badge tone="warning">no tools</Badge>}
                          {alias.from_config && <Badge>from config</Badge>}
                          {!alias.enabled && <Badge tone="warning">disabled</Badge>}
                          {alias.fallbacks.length > 0 && (
                            <Badge>
                              {alias.fallbacks.length} fallback{alias.fallbacks.length === 1 ? '' : 's'}
                            </Badge>
                          )}
                        </div>
                      </th>
                      <td>
                        <div className="mono">{alias.model}</div>
                        <div className="cell-sub">{alias.provider}</div>
                      </td>
                      <td className="numeric">{formatCompact(alias.context_window)}</td>
                      <td className="numeric">{formatCompact(alias.max_output_tokens)}</td>
                      <td className="numeric">
                        {formatUsd(alias.input_price_per_mtok)} / {formatUsd(alias.output_price_per_mtok)}
                      </td>
                      <td className="actions">
                        <RowAction
                          label={`Try ${alias.name}`}
                          onClick={() => setDialog({ kind: 'try', alias })}
                        >
                          Try it
                        </RowAction>
                        <RowAction
                          label={`Edit ${alias.name}`}
                          onClick={() => setDialog({ kind: 'edit', alias })}
                        >
                          Edit
                        </RowAction>
                        <RowAction
                          danger
                          label={`Delete ${alias.name}`}
                          onClick={() => setDialog({ kind: 'delete', alias })}
                        >
                          Delete
                        </RowAction>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )
          }
        </QueryStates>
      </section>

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <AliasDialog
          alias={dialog.kind === 'edit' ? dialog.alias : undefined}
          providers={providerList}
          onClose={close}
        />
      )}
      {dialog?.kind === 'provider' && <ProviderDialog onClose={close} />}
      {dialog?.kind === 'tiers' && (
        <TiersDialog aliases={aliases.data ?? []} providers={providerList} onClose={close} />
      )}
      {dialog?.kind === 'try' && <TryItDialog alias={dialog.alias} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${dialog.alias.name}?`}
          message="Clients that ask for this alias will get an error. This cannot be undone."
          confirmLabel="Delete alias"
          pending={deleteAlias.isPending}
          error={deleteAlias.error?.message}
          onConfirm={() => deleteAlias.mutate(dialog.alias.id, { onSuccess: close })}
          onClose={close}
        />
      )}
    </>
  );
}
