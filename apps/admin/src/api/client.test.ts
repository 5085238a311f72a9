// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../session';
import { apiRequest, buildUrl, fetchAllPages } from './client';
import { ApiError } from './errors';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('apiRequest', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    session.signIn('sk-master');
  });
  afterEach(() => {
    fetchMock.mockReset();
    vi.unstubAllGlobals();
    session.signOut();
  });

  it('sends the master key as a bearer token and JSON bodies', async () => {
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 'a1' }));
    await expect(apiRequest('/admin/api/aliases', { method: 'POST', body: { name: 'x' } })).resolves.toEqual({
      id: 'a1',
    });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/admin/api/aliases');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"name":"x"}');
    expect((init!.headers as Record<string, string>).authorization).toBe('Bearer sk-master');
  });

  it('throws the parsed error with its field', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(400, { error: { type: 'invalid_request_error', message: 'bad', field: 'name' } }),
    );
    const error = await apiRequest('/admin/api/aliases').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, field: 'name', message: 'bad' });
    expect(session.getMasterKey()).toBe('sk-master');
  });

  it('signs the user out when the stored key is refused', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { error: { type: 'authentication_error', message: 'no' } }),
    );
    await expect(apiRequest('/admin/api/keys')).rejects.toMatchObject({ status: 401 });
    expect(session.getMasterKey()).toBeNull();
  });

  it('keeps the session when a candidate key is refused at login', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { error: { type: 'authentication_error', message: 'no' } }),
    );
    await expect(apiRequest('/admin/api/whoami', { token: 'wrong' })).rejects.toMatchObject({ status: 401 });
    expect(session.getMasterKey()).toBe('sk-master');
    expect((fetchMock.mock.calls[0]![1]!.headers as Record<string, string>).authorization).toBe(
      'Bearer wrong',
    );
  });

  it('reports an unreachable gateway as a network error', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(apiRequest('/admin/api/keys')).rejects.toMatchObject({ status: 0, type: 'network_error' });
  });

  it('follows next_cursor until the list ends', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(200, { data: [1, 2], next_cursor: 'c2' }))
      .mockResolvedValueOnce(jsonResponse(200, { data: [3], next_cursor: null }));
    await expect(fetchAllPages<number>('/admin/api/keys')).resolves.toEqual([1, 2, 3]);
    expect(fetchMock.mock.calls[1]![0]).toBe('/admin/api/keys?limit=200&cursor=c2');
  });
});

describe('buildUrl', () => {
  it('leaves out empty parameters', () => {
    expect(buildUrl('/admin/api/logs', { limit: 50, alias: '', status: undefined, key_id: null })).toBe(
      '/admin/api/logs?limit=50',
    );
    expect(buildUrl('/x')).toBe('/x');
  });
});
