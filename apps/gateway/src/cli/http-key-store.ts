import type { Alias, ApiKey, KeyBody } from '@aurora/contract';
import { CliError, type KeyStore } from './key-store.js';

/** The running gateway's admin API (an embedded PGlite database belongs to the gateway's process alone). */
export function httpKeyStore(baseUrl: string, masterKey: string): KeyStore {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/admin/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${masterKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      error?: { message?: string; field?: string };
    };
    if (!response.ok) {
      const field = answer.error?.field ? ` (${answer.error.field})` : '';
      const hint = response.status === 401 ? ": set AURORA_MASTER_KEY to the gateway's master key" : '';
      throw new CliError(
        `${baseUrl} answered ${response.status}${field}: ${answer.error?.message ?? 'no message'}${hint}`,
      );
    }
    return answer as T;
  };
  const all = async <T>(path: string): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: T[]; next_cursor: string | null } = await call(
        'GET',
        `${path}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  };
  return {
    describe: `the gateway at ${baseUrl}`,
    createKey: (body: KeyBody) => call('POST', '/keys', body),
    listKeys: () => all<ApiKey>('/keys'),
    revokeKey: (id) => call('DELETE', `/keys/${encodeURIComponent(id)}`),
    listAliases: () => all<Alias>('/aliases'),
    close: async () => {},
  };
}
