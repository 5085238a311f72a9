import { useState } from 'react';
import { type ApiKey, useApiKeys, useRevokeApiKey } from '../../api/keys';
import { ActionsHeader, DataTable, RowAction } from '../../components/DataTable';
import { ConfirmDialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Badge, EmptyState, PageHeader, QueryStates } from '../../components/States';
import { formatCompact, formatDate, formatRelative, formatUsd } from '../../format';
import { navigate } from '../../router';
import { KeyDialog } from './KeyDialog';
import { describeLimits, keyStatus } from './key-form';

const statusTone = { active: 'success', revoked: 'danger', expired: 'warning' } as const;

export function KeysPage() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };

  return (
    <>
      <PageHeader
        title="API Keys"
        description="Managed keys for people and machines, each with its own aliases, rate limits and budget."
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={16} />
            Create key
          </button>
        }
      />
      <section className="card" aria-label="API keys">
        <QueryStates
          query={keys}
          loadingLabel="Loading keys…"
          isEmpty={(data) => data.length === 0}
          empty={
            <EmptyState title="No API keys yet">
              <p>Create a key for each person or machine instead of sharing the master key.</p>
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                Create key
              </button>
            </EmptyState>
          }
        >
          {(data) => (
            <DataTable>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Limits</th>
                  <th scope="col" className="numeric">
                    Spend this month
                  </th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {data.map((key) => {
                  const status = keyStatus(key);
                  const limits = describeLimits(key);
                  return (
                    <tr key={key.id}>
                      <th scope="row">
                        <div className="cell-title">{key.name}</div>
                        <div className="badges">
                          <Badge tone={statusTone[status]}>{status}</Badge>
                          {key.allowed_aliases && key.allowed_aliases.length > 0 && (
                            <Badge>{key.allowed_aliases.join(', ')}</Badge>
                          )}
                        </div>
                      </th>
                      <td className="mono">{key.prefix}…</td>
                      <td className="cell-sub">{formatDate(key.created_at)}</td>
                      <td className="cell-sub">{formatRelative(key.last_used_at)}</td>
                      <td className="cell-sub">{key.expires_at ? formatDate(key.expires_at) : 'never'}</td>
                      <td className="cell-sub">{limits.length > 0 ? limits.join(' · ') : 'none'}</td>
                      <td className="numeric">
                        <div>{formatUsd(key.spend_usd)}</div>
                        <div className="cell-sub">{formatCompact(key.spend_tokens)} tokens</div>
                      </td>
                      <td className="actions">
                        <RowAction
                          label={`Logs of ${key.name}`}
                          onClick={() => navigate('logs', { key_id: key.id })}
                        >
                          Logs
                        </RowAction>
                        {status !== 'revoked' && (
                          <>
                            <RowAction label={`Edit ${key.name}`} onClick={() => setEditing(key)}>
                              Edit
                            </RowAction>
                            <RowAction danger label={`Revoke ${key.name}`} onClick={() => setRevoking(key)}>
                              Revoke
                            </RowAction>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </DataTable>
          )}
        </QueryStates>
      </section>

      {creating && <KeyDialog onClose={() => setCreating(false)} />}
      {editing && <KeyDialog apiKey={editing} onClose={() => setEditing(null)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          message="Requests with this key are refused from now on, on every gateway instance. This cannot be undone."
          confirmLabel="Revoke key"
          pending={revoke.isPending}
          error={revoke.error?.message}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: closeRevoke })}
          onClose={closeRevoke}
        />
      )}
    </>
  );
}
