// @ts-check
// The embedded database off the request thread. Plain JavaScript because Node 20 cannot start a
// TypeScript file as a worker, and this file runs as it is from source (tests) and from the gateway's
// dist. Two uses:
// - as a worker thread (workerData: WorkerSetup), it owns PGlite and answers the messages
//   `pglite-thread.ts` sends (the protocol's types are in `pglite-protocol.ts`);
// - as a process (`node pglite-worker.js create <pgdata>`), it makes the cluster with initdb and exits.
//   initdb takes several hundred MB that neither a WebAssembly memory nor an ended thread's malloc
//   arena give back; an ended process does.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @typedef {import('./pglite-protocol').WorkerSetup} WorkerSetup */
/** @typedef {import('./pglite-protocol').Call} Call */
/** @typedef {import('./pglite-protocol').Reply} Reply */
/** @typedef {import('./pglite-protocol').SerializedError} SerializedError */

/** @param {Reply} reply */
const send = (reply) =>
  /** @type {import('node:worker_threads').MessagePort} */ (parentPort).postMessage(reply);

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

/** @param {string} pgdata */
async function create(pgdata) {
  const pg = await PGlite.create(pgdata);
  await pg.close();
}

/** @param {WorkerSetup} setup */
async function serve(setup) {
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  const pg = await PGlite.create(setup.pgdata, {
    startParams: [...PGlite.defaultStartParams, ...setup.settings],
  });
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
        // Nothing else holds the thread: it ends, which the request thread waits for.
        if (call.op === 'close') port.close();
      },
      (error) => send({ type: 'error', id: call.id, error: serializeError(error) }),
    );
  });
}

if (parentPort) {
  serve(workerData).then(
    () => send({ type: 'ready' }),
    (error) => send({ type: 'failed', error: serializeError(error) }),
  );
} else {
  const [, , command, pgdata] = process.argv;
  if (command !== 'create' || !pgdata) {
    process.stderr.write('usage: pglite-worker.js create <pgdata>\n');
    process.exit(2);
  }
  create(pgdata).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
