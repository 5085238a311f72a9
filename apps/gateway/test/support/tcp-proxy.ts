import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** Where clients connect instead of the target. */
  port: number;
  /** Destroys every open connection and refuses new ones until `restore` (or for `ms`, if given). */
  cut(ms?: number): void;
  /** Keeps connections open but lets no byte through, either way: a server that hangs. */
  stall(): void;
  restore(): void;
  /** Connections made through the proxy so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of `target`, so a test can take a database away from one
 * gateway only, as a network partition or a restarted pooler would, without touching the server.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let stalled = false;
  let made = 0;
  let timer: NodeJS.Timeout | undefined;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    made++;
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const restore = () => {
    clearTimeout(timer);
    refusing = false;
    stalled = false;
  };
  return {
    port,
    cut(ms) {
      refusing = true;
      for (const socket of open) socket.destroy();
      open.clear();
      if (ms !== undefined) timer = setTimeout(restore, ms);
    },
    stall() {
      stalled = true;
    },
    restore,
    connections: () => made,
    close: () =>
      new Promise<void>((resolve) => {
        restore();
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
