/**
 * Why an upstream call failed. `connect` means the request never reached the upstream (safe to retry);
 * `protocol` means it may have been processed (connection dropped mid-way, undecodable body).
 */
export type UpstreamErrorKind = 'connect' | 'first_byte_timeout' | 'idle_timeout' | 'aborted' | 'protocol';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  /** How many upstream requests were made before giving up; set by `sendWithRetry`. */
  attempts = 1;

  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Names a request in error messages. Only method, origin and path: the query string may hold an API key
 * (Gemini's `?key=`) and headers always hold credentials, so neither may appear.
 */
export function describeTarget(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}
