import { readFileSync } from 'node:fs';

/**
 * Asks `GET /health` again and again, one request at a time, and keeps how long each answer took.
 *
 * Wall time on a shared, loaded machine mostly measures the scheduler (probes of an idle gateway
 * take up to ~80 ms at a load of 16 on 2 cores), so each probe also records the CPU time the main
 * thread spent meanwhile: with the gateway in this process, that is the work its event loop did
 * before it answered, which is what a blocked event loop makes large.
 */
export interface ProbeSample {
  wallMs: number;
  cpuMs: number;
}

export interface HealthProbe {
  /** Stops probing and gives every sample taken. */
  stop(): Promise<ProbeSample[]>;
}

/**
 * CPU time of the calling thread in ms: Linux's schedstat (nanoseconds, this thread only, so GC
 * helper threads don't count), else the whole process's.
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  }
}

export function startHealthProbe(url: string): HealthProbe {
  const samples: ProbeSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const cpu = threadCpuMs();
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
      samples.push({ wallMs: performance.now() - started, cpuMs: threadCpuMs() - cpu });
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
