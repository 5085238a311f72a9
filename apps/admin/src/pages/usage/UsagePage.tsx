import { useMemo, useState } from 'react';
import { useApiKeys } from '../../api/keys';
import { useUsage } from '../../api/usage';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/Field';
import { EmptyState, PageHeader, QueryStates } from '../../components/States';
import { formatCompact, formatInteger, formatMs, formatUsd } from '../../format';
import { UsageChart } from './UsageChart';
import {
  groupingFor,
  rangeBounds,
  summarizeUsage,
  timeBucketFor,
  type UsageRangeId,
  type UsageView,
  usageChartRows,
  usageRanges,
} from './usage-report';

export function UsagePage() {
  const [range, setRange] = useState<UsageRangeId>('7d');
  const [view, setView] = useState<UsageView>('time');
  const groupBy = groupingFor(view, range);
  // The range ends when it is chosen, so the query key stays stable between renders.
  const bounds = useMemo(() => rangeBounds(range, new Date()), [range]);
  const usage = useUsage({ ...bounds, group_by: groupBy });
  const keys = useApiKeys();
  const keyNames = useMemo(() => new Map((keys.data ?? []).map((key) => [key.id, key.name])), [keys.data]);
  const rows = usage.data ? usageChartRows(usage.data, groupBy, keyNames) : [];
  const totals = summarizeUsage(rows);

  return (
    <>
      <PageHeader
        title="Usage"
        description="Requests, tokens, latency and errors across every key and alias. Latency counts answered requests only."
        actions={
          <div className="toolbar toolbar-inline">
            <SelectField
              label="Range"
              value={range}
              options={usageRanges.map(({ id, label }) => ({ value: id, label }))}
              onChange={setRange}
            />
            <SelectField
              label="Group by"
              value={view}
              options={[
                { value: 'time', label: timeBucketFor(range) === 'hour' ? 'Hour' : 'Day' },
                { value: 'key', label: 'API key' },
                { value: 'alias', label: 'Alias' },
              ]}
              onChange={setView}
            />
          </div>
        }
      />
      <QueryStates query={usage} loadingLabel="Loading usage…">
        {() => (
          <>
            <section className="stats" aria-label="Totals">
              {[
                ['Requests', formatInteger(totals.requests)],
                [
                  'Upstream errors',
                  `${formatInteger(totals.errors)} (${(totals.errorRate * 100).toFixed(1)}%)`,
                ],
                ['Refused', formatInteger(totals.refused)],
                ['Input tokens', formatCompact(totals.input_tokens)],
                ['Output tokens', formatCompact(totals.output_tokens)],
                ['Cost', formatUsd(totals.cost_usd)],
                ['Worst p95', formatMs(totals.worst_p95_ms)],
              ].map(([label, value]) => (
                <div key={label} className="card stat">
                  <div className="stat-label">{label}</div>
                  <div className="stat-value">{value}</div>
                </div>
              ))}
            </section>
            {rows.length === 0 ? (
              <section className="card">
                <EmptyState title="No requests in this range">
                  <p>Requests through the gateway show up here within a few seconds.</p>
                </EmptyState>
              </section>
            ) : (
              <>
                <div className="grid-2 usage-charts">
                  <UsageChart
                    title="Requests, refusals and errors"
                    rows={rows}
                    series={[
                      { key: 'requests', label: 'Requests', color: 'var(--chart-1)' },
                      { key: 'refused', label: 'Refused', color: 'var(--chart-3)' },
                      { key: 'errors', label: 'Upstream errors', color: 'var(--chart-4)' },
                    ]}
                  />
                  <UsageChart
                    title="Tokens"
                    rows={rows}
                    series={[
                      { key: 'input_tokens', label: 'Input', color: 'var(--chart-1)' },
                      { key: 'output_tokens', label: 'Output', color: 'var(--chart-2)' },
                    ]}
                  />
                  <UsageChart
                    title="Latency"
                    rows={rows}
                    formatValue={formatMs}
                    series={[
                      { key: 'p50_ms', label: 'p50', color: 'var(--chart-2)' },
                      { key: 'p95_ms', label: 'p95', color: 'var(--chart-3)' },
                    ]}
                  />
                  <UsageChart
                    title="Cost"
                    rows={rows}
                    formatValue={formatUsd}
                    allowDecimals
                    series={[{ key: 'cost_usd', label: 'Cost (USD)', color: 'var(--chart-1)' }]}
                  />
                </div>
                <section className="card" aria-label="Usage table">
                  <DataTable>
                    <thead>
                      <tr>
                        <th scope="col">{view === 'time' ? 'Time' : view === 'key' ? 'API key' : 'Alias'}</th>
                        <th scope="col" className="numeric">
                          Requests
                        </th>
                        <th scope="col" className="numeric">
                          Refused
                        </th>
                        <th scope="col" className="numeric">
                          Upstream errors
                        </th>
                        <th scope="col" className="numeric">
                          Input
                        </th>
                        <th scope="col" className="numeric">
                          Output
                        </th>
                        <th scope="col" className="numeric">
                          Cached
                        </th>
                        <th scope="col" className="numeric">
                          p50
                        </th>
                        <th scope="col" className="numeric">
                          p95
                        </th>
                        <th scope="col" className="numeric">
                          Cost
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr key={row.group ?? ''}>
                          <th scope="row" className="cell-title">
                            {row.name}
                          </th>
                          <td className="numeric">{formatInteger(row.requests)}</td>
                          <td className="numeric">{formatInteger(row.refused)}</td>
                          <td className="numeric">{formatInteger(row.errors)}</td>
                          <td className="numeric">{formatInteger(row.input_tokens)}</td>
                          <td className="numeric">{formatInteger(row.output_tokens)}</td>
                          <td className="numeric">{formatInteger(row.cached_tokens)}</td>
                          <td className="numeric">{formatMs(row.p50_ms)}</td>
                          <td className="numeric">{formatMs(row.p95_ms)}</td>
                          <td className="numeric">{formatUsd(row.cost_usd)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </DataTable>
                </section>
              </>
            )}
          </>
        )}
      </QueryStates>
    </>
  );
}
