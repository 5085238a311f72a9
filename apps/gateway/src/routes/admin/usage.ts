import { listEnvelopeSchema, type UsageRow, usageQuerySchema, usageRowSchema } from '@aurora/contract';
import { aggregateUsage } from '@aurora/db';
import type { AdminDeps } from './deps.js';
import { DocumentedRouter, ok } from './documented-router.js';

const DEFAULT_RANGE_MS = 30 * 86_400_000;

export function usageRoutes({ database, registry }: AdminDeps): DocumentedRouter {
  return new DocumentedRouter().route(
    {
      method: 'get',
      path: '/',
      summary: 'Usage by key, alias, day or hour',
      query: usageQuerySchema,
      response: ok(listEnvelopeSchema(usageRowSchema)),
    },
    async (c, { query }) => {
      const to = query.to ? new Date(query.to) : new Date();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
      const rows = await aggregateUsage(database.db, { from, to, group_by: query.group_by });
      let data: UsageRow[] = rows;
      if (query.group_by === 'key') {
        // Key names come from the in-memory registry; a null key id is the master key's traffic.
        const names = new Map([...registry.current().keysByHash.values()].map((key) => [key.id, key.name]));
        data = rows.map((row) => {
          const label = row.group === null ? 'master key' : names.get(row.group);
          return label === undefined ? row : { ...row, label };
        });
      }
      return c.json({ data, next_cursor: null });
    },
  );
}
