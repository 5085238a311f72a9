import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { StartupError } from './startup-error.js';

export interface RunningServer {
  server: ServerType;
  port: number;
  /** Stops accepting, lets in-flight requests finish up to `graceMs`, then cuts what is left. */
  close(graceMs: number): Promise<void>;
}

export function listen<E extends object>(app: Hono<E>, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `port ${port} on ${host} is already in use: stop the other process or set AURORA_PORT`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new StartupError(
            `not allowed to listen on ${host}:${port}: choose a port above 1023 with AURORA_PORT`,
          ),
        );
      } else {
        reject(new StartupError(`cannot listen on ${host}:${port}: ${error.message}`));
      }
    });
    // While closing, a keep-alive connection is closed as soon as its last answer is out, instead
    // of waiting for the client's next request or its idle timeout.
    let closing = false;
    server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (closing) res.setHeader('connection', 'close');
      res.once('finish', () => {
        if (closing && 'closeIdleConnections' in server) setImmediate(() => server.closeIdleConnections());
      });
    });
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        close: (graceMs) =>
          new Promise<void>((done) => {
            closing = true;
            const timer = setTimeout(() => {
              if ('closeAllConnections' in server) server.closeAllConnections();
            }, graceMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
  });
}
