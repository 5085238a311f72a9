import type { ErrorSurface } from '../errors/error-body.js';

/** The protocol a path speaks, so that an error before any route ran is still in the client's shape. */
export function surfaceOf(path: string): ErrorSurface {
  if (path.startsWith('/v1/chat/')) return 'openai';
  if (path.startsWith('/admin/')) return 'admin';
  return 'anthropic';
}
