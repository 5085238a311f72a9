// @ts-check
// The thread that owns the embedded database: PGlite runs here, off the request thread, and answers the
// messages `pglite-thread.ts` sends (the protocol's types are in `pglite-protocol.ts`). Plain JavaScript
// because Node 20 cannot start a TypeScript file as a worker, and this file runs as it is from source
// (tests) and from the gateway's dist.
//
// workerData.mode 'create' makes the cluster (from the template tarball when there is one, else with
// initdb), closes it and ends the thread: creation needs several hundred MB of WebAssembly memory that
// a running PGlite never gives back, and a thread's memory goes with it.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @typedef {import('./pglite-protocol').WorkerSetup} WorkerSetup */
/** @typedef {import('./pglite-protocol').Call} Call */
/** @typedef {import('./pglite-protocol').Reply} Reply */
/** @typedef {import('./pglite-protocol').SerializedError} SerializedError */

const setup = /** @type {WorkerSetup} */ (workerData);
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @param {Reply} reply */
const send = (reply) => port.postMessage(reply);

/**
 * PGlite's DatabaseError keeps the SQLSTATE and its details as own properties, which a structured
 * clone of an Error drops: they cross as a plain object.
 * @param {unknown} error
 * @returns {SerializedError}
 */
function serializeError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  /** @type {Record<string, string | number>} */
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

function openOptions() {
  return { startParams: [...PGlite.defaultStartParams, ...setup.settings] };
}

async function create() {
  const loadDataDir = setup.template ? new Blob([readFileSync(setup.template)]) : undefined;
  const pg = await PGlite.create(setup.pgdata, { ...openOptions(), loadDataDir });
  await pg.close();
}

async function serve() {
  const pg = await PGlite.create(setup.pgdata, openOptions());
  /** @typedef {{ query?: PGlite['query'], end: (commit: boolean) => void, finished: Promise<void> }} Transaction */
  /** @type {Map<number, Transaction>} */
  const transactions = new Map();
  /** @type {Map<number, () => Promise<void>>} */
  const listeners = new Map();
  const ROLLBACK = Symbol('rollback');

  /**
   * Holds a PGlite transaction open until the request thread ends it; its statements arrive tagged
   * with the transaction's id. Other statements wait meanwhile, as they would behind one connection.
   * @param {number} id
   */
  const begin = (id) => {
    /** @type {(commit: boolean) => void} */
    let end = () => {};
    /** @type {Promise<boolean>} */
    const ended = new Promise((resolve) => {
      end = resolve;
    });
    /** @type {Transaction} */
    const entry = { end, finished: Promise.resolve() };
    transactions.set(id, entry);
    return new Promise((began, failed) => {
      entry.finished = pg
        .transaction(async (tx) => {
          entry.query = tx.query.bind(tx);
          began(undefined);
          if (!(await ended)) throw ROLLBACK;
        })
        .then(
          () => undefined,
          (error) => {
            if (error !== ROLLBACK) throw error;
          },
        )
        .finally(() => transactions.delete(id));
      // Before `began` this fails the begin; after it, the failure reaches whoever ends the transaction.
      entry.finished.catch(failed);
    });
  };

  /** @param {Call} call */
  const run = async (call) => {
    switch (call.op) {
      case 'query': {
        const query = call.tx === undefined ? pg.query.bind(pg) : transactions.get(call.tx)?.query;
        if (!query) throw new Error(`transaction ${call.tx} is not open`);
        // Parsers are functions, which cannot cross threads; Drizzle passes them only to keep these
        // types as the text Postgres sent.
        const parsers = Object.fromEntries(
          call.textTypes.map((type) => [type, (/** @type {string} */ text) => text]),
        );
        return query(call.sql, call.params, { rowMode: call.rowMode, parsers });
      }
      case 'begin':
        return begin(call.id);
      case 'end': {
        const transaction = transactions.get(call.tx);
        if (!transaction) throw new Error(`transaction ${call.tx} is not open`);
        transaction.end(call.commit);
        return transaction.finished;
      }
      case 'listen': {
        const unlisten = await pg.listen(call.channel, (payload) =>
          send({ type: 'notification', listener: call.id, payload }),
        );
        listeners.set(call.id, unlisten);
        return undefined;
      }
      case 'unlisten': {
        await listeners.get(call.listener)?.();
        listeners.delete(call.listener);
        return undefined;
      }
      case 'close':
        return pg.close();
    }
  };

  port.on('message', (/** @type {Call} */ call) => {
    run(call).then(
      (result) => {
        send({ type: 'result', id: call.id, result });
        // Nothing else holds the thread: it ends, and its memory with it.
        if (call.op === 'close') port.close();
      },
      (error) => send({ type: 'error', id: call.id, error: serializeError(error) }),
    );
  });
}

(setup.mode === 'create' ? create() : serve()).then(
  () => send({ type: 'ready' }),
  (error) => send({ type: 'failed', error: serializeError(error) }),
);
