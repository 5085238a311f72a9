import {
  listEnvelopeSchema,
  logsQuerySchema,
  type RequestLog,
  type RequestLogDetail,
  requestLogDetailSchema,
  requestLogSchema,
} from '@aurora/contract';
import { getRequestLog, listRequestLogs, type RequestLogSummary } from '@aurora/db';
import { notFound, rethrowDbError } from './admin-errors.js';
import type { AdminDeps } from './deps.js';
import { DocumentedRouter, ok, pathId } from './documented-router.js';

export function logView(row: RequestLogSummary, keyName: string | undefined): RequestLog {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    key_name: keyName ?? null,
  };
}

export function logRoutes({ database, registry }: AdminDeps): DocumentedRouter {
  const keyNames = () =>
    new Map([...registry.current().keysByHash.values()].map((key) => [key.id, key.name]));

  return new DocumentedRouter()
    .route(
      {
        method: 'get',
        path: '/',
        summary: 'Request logs, newest first',
        query: logsQuerySchema,
        response: ok(listEnvelopeSchema(requestLogSchema)),
      },
      async (c, { query }) => {
        const { from, to, ...filters } = query;
        const page = await listRequestLogs(database.db, {
          ...filters,
          from: from === undefined ? undefined : new Date(from),
          to: to === undefined ? undefined : new Date(to),
        }).catch(rethrowDbError);
        const names = keyNames();
        return c.json({
          data: page.data.map((row) => logView(row, row.key_id === null ? undefined : names.get(row.key_id))),
          next_cursor: page.next_cursor,
        });
      },
    )
    .route(
      {
        method: 'get',
        path: '/{id}',
        summary: 'One request with everything stored about it',
        response: ok(requestLogDetailSchema),
      },
      async (c) => {
        const id = pathId(c);
        const row = await getRequestLog(database.db, id);
        if (!row) throw notFound('request log', id);
        const { request_body, response_body, ...summary } = row;
        const detail: RequestLogDetail = {
          ...logView(summary, row.key_id === null ? undefined : keyNames().get(row.key_id)),
          request_body: request_body ?? null,
          response_body: response_body ?? null,
        };
        return c.json(detail);
      },
    );
}
