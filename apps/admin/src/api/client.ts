import type { ListEnvelope } from '@aurora/contract';
import { session } from '../session';
import { ApiError, parseApiError } from './errors';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sends this token instead of the signed-in master key (the login check). */
  token?: string;
}

export function buildUrl(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Calls the gateway with the master key. A 401 on the signed-in key means it was rotated or the
 * session is stale, so the user is signed out and sent back to the login screen.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? session.getMasterKey();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'Could not reach the gateway. Is it running?');
  }

  const body = await readBody(response);
  if (!response.ok) {
    const error = parseApiError(response.status, body);
    if (response.status === 401 && options.token === undefined) session.signOut();
    throw error;
  }
  return body as T;
}

/** Follows `next_cursor` to the end: providers, aliases and keys are few enough to list whole. */
export async function fetchAllPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: ListEnvelope<T> = await apiRequest<ListEnvelope<T>>(path, {
      query: { limit: 200, cursor },
      signal,
    });
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** What a save takes: a body to create a resource, or its id and a patch to edit it. */
export type SaveChange<Body, Patch> = { id?: undefined; body: Body } | { id: string; body: Patch };

/** POSTs a new resource to `collection`, or PATCHes the one a change's `id` names. */
export function createOrPatch<T>(collection: string, change: SaveChange<unknown, unknown>): Promise<T> {
  return change.id
    ? apiRequest<T>(`${collection}/${encodeURIComponent(change.id)}`, { method: 'PATCH', body: change.body })
    : apiRequest<T>(collection, { method: 'POST', body: change.body });
}
