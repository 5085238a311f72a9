// The built gateway in a process of its own, so its CPU and memory can be read from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDockerfile, parseEnv } from '../test/support/docker-build';

export const MASTER_KEY = 'sk-aurora-bench-master-key-0123456789';
// BENCH_GATEWAY_CLI=<another build's dist/cli.js> runs that build under the same load (A/B).
const cli = process.env.BENCH_GATEWAY_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * The memory settings the container image runs the gateway with (its runtime stage's ENV), so the
 * bench measures what is deployed; BENCH_BARE_NODE=1 starts it as a bare `node` would.
 */
function imageMemoryEnv(): Record<string, string> {
  if (process.env.BENCH_BARE_NODE) return {};
  const dockerfile = readFileSync(fileURLToPath(new URL('../../../Dockerfile', import.meta.url)), 'utf8');
  const runtime = parseDockerfile(dockerfile).at(-1)!;
  const env: Record<string, string> = Object.assign(
    {},
    ...runtime.instructions.filter((each) => each.keyword === 'ENV').map((each) => parseEnv(each.args)),
  );
  const { MALLOC_ARENA_MAX, NODE_OPTIONS } = env;
  return { ...(MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX } : {}), ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}) };
}

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(upstreamOrigin: string, databaseUrl?: string): Promise<GatewayProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
  writeFileSync(
    join(cwd, 'aurora.yaml'),
    `providers:\n  - { name: bench-upstream, kind: openai, base_url: "${upstreamOrigin}/v1", api_key: sk-bench }\naliases:\n  - { name: bench, provider: bench-upstream, model: bench-model }\n`,
  );
  // BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" shows where the gateway's time goes.
  const nodeArgs = process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      AURORA_PORT: '0',
      AURORA_HOST: '127.0.0.1',
      AURORA_MASTER_KEY: MASTER_KEY,
      AURORA_LOG_LEVEL: 'info',
      AURORA_CONFIG: join(cwd, 'aurora.yaml'),
      ...imageMemoryEnv(),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
  child.stdout!.resume();
  // The embedded database of a run is hundreds of MB: gone with the process.
  child.once('exit', () => rmSync(cwd, { recursive: true, force: true }));
  return {
    child,
    url,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/**
 * CPU of a process's threads in milliseconds, to the nanosecond: the first field of each thread's
 * `/proc/PID/task/TID/schedstat` is the time it has run. `/proc/PID/stat` counts in 10 ms ticks, too
 * coarse for a handful of requests. Node starts its threads once, so none is lost between two reads.
 */
function cpuMsOfThreads(pid: number, threads: string[]): number {
  let nanoseconds = 0;
  for (const tid of threads) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between listing and reading has nothing more to add.
    }
  }
  return nanoseconds / 1e6;
}

/** The main thread's CPU alone (its thread id is the process id): the one that answers requests. */
export const mainThreadCpuMs = (pid: number) => cpuMsOfThreads(pid, [String(pid)]);

export function procStat(pid: number): { cpuMs: number; rssMb: number; peakMb: number } {
  const cpuMs = cpuMsOfThreads(pid, readdirSync(`/proc/${pid}/task`));
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
