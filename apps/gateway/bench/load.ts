// A closed-loop load: `concurrency` clients, each sending the next body as soon as its answer is read.
import { Pool } from 'undici';

export interface LoadRun {
  /** Milliseconds from sending to the response head (the first byte of a stream). */
  firstByte: number[];
  latencies: number[];
  errors: number;
  seconds: number;
}

export async function load(
  origin: string,
  path: string,
  bodies: readonly string[],
  headers: Record<string, string>,
  concurrency: number,
  total: number,
): Promise<LoadRun> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const run: LoadRun = { firstByte: [], latencies: [], errors: 0, seconds: 0 };
  let issued = 0;
  const started = performance.now();
  const client = async () => {
    while (issued < total) {
      const body = bodies[issued % bodies.length]!;
      issued++;
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path, body, headers });
        run.firstByte.push(performance.now() - t0);
        await res.body.text();
        if (res.statusCode !== 200) run.errors++;
      } catch {
        run.errors++;
      }
      run.latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  run.seconds = (performance.now() - started) / 1000;
  await pool.close();
  return run;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
