// What the request thread and the embedded database's thread (`pglite-worker.js`) say to each other.

/** The worker's `workerData`: it opens the cluster in `pgdata` and answers calls until 'close'. */
export interface WorkerSetup {
  pgdata: string;
  /** Postgres settings for the start, as `-c name=value` arguments. */
  settings: string[];
}

export type Call = { id: number } & (
  | {
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      /** Type ids the answer keeps as the text Postgres sent (what Drizzle's identity parsers do). */
      textTypes: number[];
      /** Runs inside this open transaction. */
      tx?: number;
    }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; listener: number }
  | { op: 'close' }
);

/** An error as it crosses: PGlite's DatabaseError fields (code, detail, constraint...) in `fields`. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string | undefined;
  fields: Record<string, string | number>;
}

export type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'notification'; listener: number; payload: string };
