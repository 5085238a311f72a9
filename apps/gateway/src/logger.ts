import pino, { type Logger } from 'pino';
import type { AuroraConfig } from './config/schema.js';

/**
 * JSON lines on stdout; credentials are redacted wherever they might appear in a logged object.
 * Lines are written in batches (at 4 KB, or every 50 ms) rather than one write each: a write per
 * request line is a thread-pool round trip that, on a small machine, competed with the requests
 * themselves (docs/performance.md). What is buffered is written out when the process exits.
 */
export function createLogger(level: AuroraConfig['log_level']): Logger {
  return pino(
    {
      level,
      base: { service: 'aurora-gateway' },
      redact: {
        paths: ['api_key', '*.api_key', 'headers.authorization', 'headers["x-api-key"]', 'master_key', 'key'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 1, minLength: 4096, periodicFlush: 50 }),
  );
}
