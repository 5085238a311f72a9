import { useId, useState } from 'react';
import { useAliases } from '../../api/aliases';
import { useApiKeys } from '../../api/keys';
import { useLogs } from '../../api/logs';
import { DataTable } from '../../components/DataTable';
import { Field, SelectField } from '../../components/Field';
import { Badge, EmptyState, PageHeader, QueryStates } from '../../components/States';
import { formatDateTime, formatInteger, formatMs, formatUsd } from '../../format';
import { LogDetailDialog } from './LogDetailDialog';
import {
  emptyLogFilters,
  filtersFromSearch,
  type LogFilters,
  logQuery,
  statusFilters,
  statusTone,
} from './log-filters';

export function LogsPage() {
  // A link (a key's "Logs", a session) arrives with its filter in the query string.
  const [filters, setFilters] = useState<LogFilters>(() => filtersFromSearch(window.location.search));
  const [opened, setOpened] = useState<string | undefined>();
  // Cursors of the pages after the first, so Previous can step back through a cursor-only API.
  const [cursors, setCursors] = useState<string[]>([]);
  const logs = useLogs(logQuery(filters, cursors.at(-1)));
  const keys = useApiKeys();
  const aliases = useAliases();
  const aliasListId = useId();
  const keyNames = new Map((keys.data ?? []).map((key) => [key.id, key.name]));

  function updateFilters(patch: Partial<LogFilters>) {
    setFilters((current) => ({ ...current, ...patch }));
    setCursors([]);
  }

  const hasFilters = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title="Logs" description="One row per request through the gateway, newest first." />
      <form
        className="card card-padded filters"
        aria-label="Filters"
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label="Key">
          {(control) => (
            <select
              {...control}
              className="select"
              value={filters.key_id}
              onChange={(event) => updateFilters({ key_id: event.target.value })}
            >
              <option value="">Any key</option>
              {keys.data?.map((key) => (
                <option key={key.id} value={key.id}>
                  {key.name} ({key.prefix}…)
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Alias">
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              list={aliasListId}
              value={filters.alias}
              onChange={(event) => updateFilters({ alias: event.target.value })}
              spellCheck={false}
            />
          )}
        </Field>
        <datalist id={aliasListId}>
          {aliases.data?.map((alias) => (
            <option key={alias.id} value={alias.name} />
          ))}
        </datalist>
        <Field label="Session id">
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              value={filters.session_id}
              onChange={(event) => updateFilters({ session_id: event.target.value })}
              placeholder="x-claude-code-session-id"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Request id">
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              value={filters.request_id}
              onChange={(event) => updateFilters({ request_id: event.target.value })}
              placeholder="req_…"
              spellCheck={false}
            />
          )}
        </Field>
        <SelectField
          label="Status"
          value={filters.status}
          options={statusFilters}
          onChange={(status) => updateFilters({ status })}
        />
        <Field label="From">
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              value={filters.from}
              onChange={(event) => updateFilters({ from: event.target.value })}
            />
          )}
        </Field>
        <Field label="To">
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              value={filters.to}
              onChange={(event) => updateFilters({ to: event.target.value })}
            />
          )}
        </Field>
        <div className="filters-reset">
          <button
            type="button"
            className="button button-ghost"
            disabled={!hasFilters}
            onClick={() => updateFilters(emptyLogFilters)}
          >
            Clear filters
          </button>
        </div>
      </form>
      <section className="card" aria-label="Request log">
        <QueryStates
          query={logs}
          loadingLabel="Loading requests…"
          isEmpty={(page) => page.data.length === 0}
          empty={
            <EmptyState title={hasFilters ? 'No requests match these filters' : 'No requests yet'}>
              <p>
                {hasFilters
                  ? 'Widen the time range or clear a filter.'
                  : 'Requests appear here as they happen.'}
              </p>
            </EmptyState>
          }
        >
          {(page) => (
            <>
              <DataTable>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Status</th>
                    <th scope="col">Alias</th>
                    <th scope="col">Key</th>
                    <th scope="col" className="numeric">
                      Tokens in / out
                    </th>
                    <th scope="col" className="numeric">
                      Latency
                    </th>
                    <th scope="col" className="numeric">
                      Cost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((log) => (
                    <tr key={log.id} className="row-openable" onClick={() => setOpened(log.id)}>
                      <td className="cell-sub">
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Details of the request at ${formatDateTime(log.created_at)}`}
                          onClick={(event) => {
                            event.stopPropagation();
                            setOpened(log.id);
                          }}
                        >
                          {formatDateTime(log.created_at)}
                        </button>
                      </td>
                      <td>
                        <Badge tone={statusTone(log.status)}>{log.status}</Badge>
                        {log.error_message && (
                          <div className="cell-sub log-error" title={log.error_message}>
                            {log.error_type}: {log.error_message}
                          </div>
                        )}
                      </td>
                      <td>
                        <div className="mono">{log.alias ?? '—'}</div>
                        <div className="cell-sub">
                          {[log.provider, log.upstream_model].filter(Boolean).join(' · ')}
                          {log.attempts && log.attempts > 1 ? ` · ${log.attempts} attempts` : ''}
                          {log.streamed ? ' · stream' : ''}
                        </div>
                      </td>
                      <td className="cell-sub">
                        {log.key_name ??
                          (log.key_id
                            ? (keyNames.get(log.key_id) ?? log.key_id)
                            : log.key_prefix
                              ? `${log.key_prefix}… (unknown)`
                              : log.status === 401
                                ? 'no valid key'
                                : 'master key')}
                      </td>
                      <td className="numeric">
                        {formatInteger(log.input_tokens)} / {formatInteger(log.output_tokens)}
                      </td>
                      <td className="numeric">
                        <div>{formatMs(log.latency_ms)}</div>
                        {log.ttfb_ms !== null && (
                          <div className="cell-sub">first byte {formatMs(log.ttfb_ms)}</div>
                        )}
                      </td>
                      <td className="numeric">{formatUsd(log.cost_usd)}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              <nav className="pagination" aria-label="Log pages">
                <span className="muted">Page {cursors.length + 1}</span>
                <div className="page-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={cursors.length === 0 || logs.isFetching}
                    onClick={() => setCursors((current) => current.slice(0, -1))}
                  >
                    Previous
                  </button>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={!page.next_cursor || logs.isFetching}
                    onClick={() => {
                      const next = page.next_cursor;
                      if (next) setCursors((current) => [...current, next]);
                    }}
                  >
                    Next
                  </button>
                </div>
              </nav>
            </>
          )}
        </QueryStates>
      </section>
      {opened && (
        <LogDetailDialog
          id={opened}
          onClose={() => setOpened(undefined)}
          onFilter={(filter) => {
            setOpened(undefined);
            updateFilters({ ...emptyLogFilters, ...filter });
          }}
        />
      )}
    </>
  );
}
