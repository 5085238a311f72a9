// The embedded database's footprint, on the built gateway in a process of its own: time from spawn to
// the first answered request on a fresh data directory, RSS once idle, peak RSS under the ~50 KB
// request at c=50 (VmHWM reset after start, so creation does not count) and the gateway's CPU per
// request, all threads and the main (request) thread alone, with PGlite and (when TEST_DATABASE_URL is
// set) with Postgres. BENCH_DATABASES picks one; BENCH_RUNS repeats; BENCH_GATEWAY_CLI runs another build for an A/B.
//   cd apps/gateway && npx tsx bench/embedded-database.ts

import { writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { claudeCodeRequest } from './claude-code-session';
import { onEachDatabase } from './each-database';
import { MASTER_KEY, mainThreadCpuMs, procStat, startGateway } from './gateway-process';
import { load } from './load';
import { startParsingUpstream } from './parsing-upstream';

const HEADERS = {
  'content-type': 'application/json',
  authorization: `Bearer ${MASTER_KEY}`,
  'anthropic-version': '2023-06-01',
};
const REQUESTS = 3000;
const IDLE_MS = 3000;

async function run(origin: string, label: string, databaseUrl?: string) {
  const body = JSON.stringify(claudeCodeRequest('bench'));
  const started = performance.now();
  const gateway = await startGateway(origin, databaseUrl);
  const listening = performance.now() - started;
  const first = await load(gateway.url, '/v1/messages', [body], HEADERS, 1, 1);
  if (first.errors) throw new Error(`${label}: the first request failed`);
  const firstAnswer = performance.now() - started;
  const pid = gateway.child.pid!;
  const startPeak = procStat(pid).peakMb;
  // Idle: what the process keeps once start-up garbage has had time to be collected.
  await delay(IDLE_MS);
  const idle = procStat(pid).rssMb;
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  await load(gateway.url, '/v1/messages', [body], HEADERS, 10, 300);
  const before = procStat(pid);
  const mainBefore = mainThreadCpuMs(pid);
  const loaded = await load(gateway.url, '/v1/messages', [body], HEADERS, 50, REQUESTS);
  const after = procStat(pid);
  const mainAfter = mainThreadCpuMs(pid);
  await gateway.stop();
  const row = {
    label,
    listening_ms: Math.round(listening),
    first_answer_ms: Math.round(firstAnswer),
    start_peak_rss_mb: Math.round(startPeak),
    idle_rss_mb: Math.round(idle),
    load_peak_rss_mb: Math.round(after.peakMb),
    cpu_ms_per_request: (after.cpuMs - before.cpuMs) / REQUESTS,
    main_thread_cpu_ms_per_request: (mainAfter - mainBefore) / REQUESTS,
    errors: loaded.errors,
  };
  console.log(JSON.stringify(row));
}

async function main() {
  const upstream = await startParsingUpstream(() => 40);
  const runs = Number(process.env.BENCH_RUNS ?? 1);
  for (let i = 0; i < runs; i++) {
    await onEachDatabase((database, databaseUrl) => run(upstream.origin, database, databaseUrl));
  }
  await upstream.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
