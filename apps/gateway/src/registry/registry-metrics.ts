import { Gauge, type Registry as MetricsRegistry } from 'prom-client';
import type { RegistryStatus } from './registry.js';

/** `/metrics` gauges read at scrape time: the revision in memory and how old its last sync is. */
export function registerRegistryMetrics(metrics: MetricsRegistry, status: () => RegistryStatus): void {
  new Gauge({
    name: 'aurora_registry_revision',
    help: 'Revision of providers, aliases and keys this instance serves from memory',
    registers: [metrics],
    collect() {
      this.set(status().revision);
    },
  });
  new Gauge({
    name: 'aurora_registry_sync_age_seconds',
    help: 'Seconds since this instance last confirmed its registry equals the database',
    registers: [metrics],
    collect() {
      this.set((Date.now() - status().lastSyncAt) / 1000);
    },
  });
  new Gauge({
    name: 'aurora_registry_sync_failures',
    help: 'Registry syncs failed in a row (0 while the database answers)',
    registers: [metrics],
    collect() {
      this.set(status().failures);
    },
  });
}
