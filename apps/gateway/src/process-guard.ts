import type { Logger } from 'pino';
import type { Counter } from 'prom-client';

// Errors of a database or network connection: the driver retries them, so the process goes on.
const connectionCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/** True for errors a lost or refused connection raises (socket codes, Postgres class 08 and 57P0x). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return connectionCodes.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code);
}

/**
 * What escapes every handler is logged and counted instead of killing the process: postgres.js, for
 * one, leaves the type-fetch query of a new connection unhandled when Postgres drops it. A rejected
 * promise nobody awaited leaves no state half-changed, so the gateway serves on; a thrown exception
 * that is not a connection error may have, so it still ends the process, after logging.
 */
export function guardProcess(logger: Logger, escaped: Counter<'kind'>, exit: (code: number) => void) {
  const onRejection = (reason: unknown) => {
    escaped.inc({ kind: 'unhandled_rejection' });
    logger.error({ err: reason }, 'unhandled promise rejection (the gateway keeps serving)');
  };
  const onException = (error: Error) => {
    escaped.inc({ kind: 'uncaught_exception' });
    if (isConnectionError(error)) {
      logger.error({ err: error }, 'uncaught connection error (the gateway keeps serving)');
      return;
    }
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
