import pino, { type Logger } from 'pino';
import type { AuroraConfig } from './config/schema.js';

/** JSON lines on stdout; credentials are redacted wherever they might appear in a logged object. */
export function createLogger(level: AuroraConfig['log_level']): Logger {
  return pino({
    level,
    base: { service: 'aurora-gateway' },
    redact: {
      paths: ['api_key', '*.api_key', 'headers.authorization', 'headers["x-api-key"]', 'master_key', 'key'],
      censor: '[redacted]',
    },
  });
}
