import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact } from '../../format';
import type { UsageChartRow } from './usage-report';

export interface ChartSeries {
  key: keyof UsageChartRow;
  label: string;
  color: string;
}

const axisTick = { fill: 'var(--text-muted)', fontSize: 12 };

export function UsageChart({
  title,
  rows,
  series,
  formatValue = formatCompact,
  allowDecimals = false,
}: {
  title: string;
  rows: UsageChartRow[];
  series: ChartSeries[];
  formatValue?: (value: number) => string;
  /** Requests, tokens and milliseconds are whole numbers: a tick at 0.5 requests would mislead. */
  allowDecimals?: boolean;
}) {
  return (
    <figure className="card card-padded chart-card">
      <figcaption>
        <h2 className="card-title">{title}</h2>
      </figcaption>
      <div
        className="chart"
        role="img"
        aria-label={`${title} chart; the same numbers are in the table below`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="name" tick={axisTick} tickLine={false} axisLine={{ stroke: 'var(--border)' }} />
            <YAxis
              tick={axisTick}
              tickLine={false}
              axisLine={false}
              tickFormatter={formatValue}
              allowDecimals={allowDecimals}
              width={68}
            />
            <Tooltip
              cursor={{ fill: 'var(--surface-hover)' }}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                borderRadius: 8,
                color: 'var(--text)',
              }}
              formatter={(value) => formatValue(Number(value))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {/* Bars are drawn at once: an entry animation only delays the numbers (and e2e screenshots). */}
            {series.map((item) => (
              <Bar
                key={String(item.key)}
                dataKey={item.key}
                name={item.label}
                fill={item.color}
                radius={[4, 4, 0, 0]}
                maxBarSize={36}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
