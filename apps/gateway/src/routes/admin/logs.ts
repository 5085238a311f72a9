import { logsQuerySchema, type RequestLog } from '@aurora/contract';
import { listRequestLogs, type RequestLogSummary } from '@aurora/db';
import { Hono } from 'hono';
import { rethrowDbError } from './admin-errors.js';
import type { AdminDeps } from './deps.js';
import { readQuery } from './read-query.js';

export function logView(row: RequestLogSummary, keyName: string | undefined): RequestLog {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    key_name: keyName ?? null,
  };
}

export function logRoutes({ database, registry }: AdminDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const { from, to, ...filters } = readQuery(c, logsQuerySchema);
    const page = await listRequestLogs(database.db, {
      ...filters,
      from: from === undefined ? undefined : new Date(from),
      to: to === undefined ? undefined : new Date(to),
    }).catch(rethrowDbError);
    const names = new Map([...registry.current().keysByHash.values()].map((key) => [key.id, key.name]));
    return c.json({
      data: page.data.map((row) => logView(row, row.key_id === null ? undefined : names.get(row.key_id))),
      next_cursor: page.next_cursor,
    });
  });

  return app;
}
