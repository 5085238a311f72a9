import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';
import { extractTarGz } from './cluster-tarball';
import type { Call, Reply, SerializedError, WorkerSetup } from './pglite-protocol';

/**
 * A WebAssembly memory grows and never shrinks, so every Postgres memory setting is a lasting cost.
 * The default 128 MB of shared buffers are touched at start and stay resident; the gateway's tables are
 * small and the kernel caches their files anyway. Index builds (a migration) may take
 * maintenance_work_mem at once: 16 MB instead of 64.
 */
const SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB'];

/** What Drizzle's PGlite driver calls on its client: a query, and a transaction with queries. */
export interface PgliteThread {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(run: (tx: Pick<PgliteThread, 'query'>) => Promise<T>): Promise<T>;
  /** Resolves once listening, to a function that stops. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes the database (a checkpoint: everything is on disk) and waits for its thread to end. */
  close(): Promise<void>;
}

/** The worker script: next to this module from source, next to the bundle in the gateway's dist. */
const workerScript = new URL('./pglite-worker.js', import.meta.url);

/**
 * A fresh cluster (PGlite's `dumpDataDir` after initdb, made at build time: see the gateway's build),
 * written out on a first start instead of running initdb: no WebAssembly, instead of seconds and
 * several hundred MB. Absent when running from source (tests): initdb runs then.
 */
const templateTarball = fileURLToPath(new URL('./pgdata-template.tgz', import.meta.url));

/** Rebuilt with the same own fields (code, detail, constraint...) PGlite's DatabaseError has. */
function reviveError(error: SerializedError): Error {
  const revived = Object.assign(new Error(error.message), error.fields);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

function startWorker(setup: WorkerSetup): { worker: Worker; ready: Promise<void> } {
  // PGlite is the process's only WebAssembly. Its optimised tier costs ~45 MB of code for no CPU saving
  // we could measure (docs/performance.md); V8 reads the flag when it compiles the module.
  setFlagsFromString('--liftoff-only');
  const worker = new Worker(workerScript, { workerData: setup });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      if (reply.type !== 'ready' && reply.type !== 'failed') return;
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      if (reply.type === 'ready') resolve();
      else reject(reviveError(reply.error));
    };
    const onExit = (code: number) =>
      reject(new Error(`the embedded database's thread ended (exit code ${code})`));
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
  });
  return { worker, ready };
}

/**
 * Without a template, initdb runs in a process of its own: the several hundred MB it takes are given
 * back when that process exits, which an ended thread's are not (see the worker script), and never
 * count in this process's peak.
 */
function initdb(pgdata: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(workerScript), 'create', pgdata], (error, _stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message, { cause: error }));
      else resolve();
    });
  });
}

async function createCluster(pgdata: string): Promise<void> {
  if (!existsSync(templateTarball)) return initdb(pgdata);
  // Written beside and renamed over the empty directory: a start cut short leaves no half a cluster.
  const partial = `${pgdata}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await extractTarGz(templateTarball, partial);
  await rename(partial, pgdata);
}

/** Omit over each member of a union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Opens (creating it first when new) the PGlite cluster in `pgdata` on a worker thread of its own. */
export async function startPgliteThread(pgdata: string): Promise<PgliteThread> {
  if (!existsSync(join(pgdata, 'PG_VERSION'))) await createCluster(pgdata);
  const { worker, ready } = startWorker({ pgdata, settings: SETTINGS });
  await ready;

  let nextId = 1;
  const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  const listeners = new Map<number, (payload: string) => void>();
  let ended: Error | undefined;
  let closing: Promise<void> | undefined;
  // Held only while a call waits, as a database in this thread would: an idle one keeps no process alive.
  worker.unref();

  worker.on('message', (reply: Reply) => {
    if (reply.type === 'notification') {
      listeners.get(reply.listener)?.(reply.payload);
      return;
    }
    if (reply.type !== 'result' && reply.type !== 'error') return;
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    // A closing thread stays held until it has ended: the process waits for the data on disk.
    if (pending.size === 0 && !closing) worker.unref();
    if (reply.type === 'result') call.resolve(reply.result);
    else call.reject(reviveError(reply.error));
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      ended ??= new Error(`the embedded database's thread ended (exit code ${code})`);
      for (const call of pending.values()) call.reject(ended);
      pending.clear();
      resolve();
    });
  });
  worker.on('error', (error) => {
    ended = error;
  });

  const call = <T>(body: WithoutId<Call>, id = nextId++): Promise<T> => {
    if (ended) return Promise.reject(ended);
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      worker.postMessage({ ...body, id });
    });
  };
  const query =
    (tx?: number) =>
    <T>(sql: string, params: unknown[] = [], options: QueryOptions = {}) =>
      call<Results<T>>({
        op: 'query',
        sql,
        params,
        rowMode: options.rowMode ?? 'object',
        textTypes: Object.keys(options.parsers ?? {}).map(Number),
        tx,
      });

  return {
    query: query(),
    async transaction(run) {
      const tx = nextId++;
      await call({ op: 'begin' }, tx);
      let result: Awaited<ReturnType<typeof run>>;
      try {
        result = await run({ query: query(tx) });
      } catch (error) {
        // The caller's error says what went wrong; a failed rollback (the thread gone) adds nothing.
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async listen(channel, onPayload) {
      const listener = nextId++;
      listeners.set(listener, onPayload);
      await call({ op: 'listen', channel }, listener);
      return async () => {
        listeners.delete(listener);
        await call({ op: 'unlisten', listener });
      };
    },
    close() {
      if (!closing) {
        worker.ref();
        closing = ended
          ? exited
          : call({ op: 'close' }).then(
              () => exited,
              // A database that cannot close must not hold the process open through its thread.
              async (error: unknown) => {
                await worker.terminate();
                throw error;
              },
            );
      }
      return closing;
    },
  };
}

/** The thread as the client Drizzle's PGlite driver takes: it calls only `query` and `transaction`. */
export const asPglite = (thread: PgliteThread) => thread as unknown as PGlite;
