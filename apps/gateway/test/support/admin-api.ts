import { authHeaders, TEST_MASTER_KEY } from './gateway.js';

export interface AdminAnswer {
  status: number;
  // Parsed JSON of whatever shape the route answers; tests assert on it.
  body: ReturnType<typeof JSON.parse>;
  text: string;
}

/** Calls `/admin/api<path>` of a test gateway with the master key (or `token`), JSON in and out. */
export function adminApi(baseUrl: string, token = TEST_MASTER_KEY) {
  return async (method: string, path: string, body?: unknown): Promise<AdminAnswer> => {
    const response = await fetch(`${baseUrl}/admin/api${path}`, {
      method,
      headers: {
        ...authHeaders(token),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };
}
