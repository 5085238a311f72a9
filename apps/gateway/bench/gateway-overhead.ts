// `pnpm bench` (gateway part): the built gateway in its own process against a minimal upstream, and
// the same load sent straight to that upstream, in one run. Reports latency added by the gateway
// (p50/p99), requests/s at concurrency 1, 10 and 100, streaming and not, with a ~50 KB Claude Code
// body; the gateway's CPU time per request (from /proc, independent of queueing) and its memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@aurora/db/testing';
import { anthropicMessagesRequestSchema, anthropicRequestToOpenAI, resolveQuirks } from '@aurora/translate';
import { Pool } from 'undici';

const MASTER_KEY = 'sk-aurora-bench-master-key-0123456789';
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixture = fileURLToPath(
  new URL('../../../packages/translate/bench/claude-code-50kb.json', import.meta.url),
);

const anthropicBody = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;
anthropicBody.model = 'bench';
anthropicBody.max_tokens = 1024;
const directBody = anthropicRequestToOpenAI(anthropicMessagesRequestSchema.parse(anthropicBody), {
  model: 'bench-model',
  quirks: resolveQuirks('openai'),
});

// ---- upstream: drains the body, answers a fixed completion or a 40-chunk stream ----
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'All tests pass.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 14000, completion_tokens: 5, total_tokens: 14005 },
});
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const stream = [
  chunk({ role: 'assistant', content: '' }),
  ...Array.from({ length: 40 }, (_, i) => chunk({ content: `word${i} ` })),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [], usage: { prompt_tokens: 14000, completion_tokens: 40, total_tokens: 14040 } })}\n\n`,
  'data: [DONE]\n\n',
].join('');

function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const streaming = Buffer.concat(parts).includes('"stream":true');
      if (streaming) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(stream);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(completion);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- gateway in its own process ----
async function startGateway(
  upstreamUrl: string,
  databaseUrl?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
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
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    join(cwd, 'aurora.yaml'),
    `providers:\n  - { name: bench-upstream, kind: openai, base_url: "${upstreamUrl}/v1", api_key: sk-bench }\naliases:\n  - { name: bench, provider: bench-upstream, model: bench-model }\n`,
  );
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
  return { child, url };
}

function procStat(pid: number): { cpuMs: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second).
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

// ---- load ----
interface Run {
  latencies: number[];
  errors: number;
  seconds: number;
}

async function load(
  origin: string,
  path: string,
  body: string,
  headers: Record<string, string>,
  concurrency: number,
  total: number,
): Promise<Run> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < total) {
      issued++;
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path, body, headers });
        await res.body.text();
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { latencies, errors, seconds };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function measure(upstreamOrigin: string, database: string, databaseUrl?: string) {
  const gateway = await startGateway(upstreamOrigin, databaseUrl);
  const pid = gateway.child.pid!;
  const json = { 'content-type': 'application/json' };
  const gatewayHeaders = {
    ...json,
    authorization: `Bearer ${MASTER_KEY}`,
    'anthropic-version': '2023-06-01',
  };
  const rows: string[] = [];
  const results: Record<string, unknown>[] = [];
  const counts: Record<number, number> = { 1: 300, 10: 2000, 100: 3000 };

  for (const streaming of [false, true]) {
    const gatewayBody = JSON.stringify({ ...anthropicBody, stream: streaming });
    const upstreamBody = JSON.stringify({ ...directBody, stream: streaming });
    // Warm both paths (JIT, pools) before measuring.
    await load(gateway.url, '/v1/messages', gatewayBody, gatewayHeaders, 10, 300);
    await load(upstreamOrigin, '/v1/chat/completions', upstreamBody, json, 10, 300);
    for (const concurrency of [1, 10, 100]) {
      const total = counts[concurrency]!;
      const direct = await load(
        upstreamOrigin,
        '/v1/chat/completions',
        upstreamBody,
        json,
        concurrency,
        total,
      );
      const before = procStat(pid);
      const via = await load(gateway.url, '/v1/messages', gatewayBody, gatewayHeaders, concurrency, total);
      const after = procStat(pid);
      const cpuPerRequest = (after.cpuMs - before.cpuMs) / total;
      const row = {
        mode: streaming ? 'stream' : 'json',
        concurrency,
        requests: total,
        direct_rps: total / direct.seconds,
        gateway_rps: total / via.seconds,
        throughput_ratio: direct.seconds / via.seconds,
        added_p50_ms: percentile(via.latencies, 50) - percentile(direct.latencies, 50),
        added_p99_ms: percentile(via.latencies, 99) - percentile(direct.latencies, 99),
        gateway_p50_ms: percentile(via.latencies, 50),
        gateway_p99_ms: percentile(via.latencies, 99),
        cpu_ms_per_request: cpuPerRequest,
        errors: via.errors + direct.errors,
        rss_mb: after.rssMb,
      };
      results.push(row);
      rows.push(
        `| ${row.mode} | ${concurrency} | ${row.direct_rps.toFixed(0)} | ${row.gateway_rps.toFixed(0)} | ${(row.throughput_ratio * 100).toFixed(0)} % | ${row.added_p50_ms.toFixed(2)} | ${row.added_p99_ms.toFixed(2)} | ${row.cpu_ms_per_request.toFixed(3)} | ${row.errors} | ${row.rss_mb.toFixed(0)} |`,
      );
    }
  }
  const peak = procStat(pid).peakMb;
  gateway.child.kill('SIGTERM');
  await new Promise((resolve) => gateway.child.once('exit', resolve));
  console.log(`\nGateway (${database}) vs direct upstream, ~50 KB Claude Code request body\n`);
  console.log(
    '| mode | conc. | direct req/s | gateway req/s | ratio | added p50 ms | added p99 ms | gateway CPU ms/req | errors | RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\nGateway peak RSS: ${peak.toFixed(0)} MB`);
  console.log(JSON.stringify({ database, results, peak_rss_mb: peak }));
}

async function main() {
  const upstream = await startUpstream();
  const upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  await measure(upstreamOrigin, 'embedded PGlite');
  // With a Postgres at hand, measure the production shape too: the database in its own process.
  if (process.env.TEST_DATABASE_URL) {
    const postgres = await createTestDatabase('postgres', { migrated: false });
    try {
      await measure(upstreamOrigin, 'Postgres', postgres.openOptions.databaseUrl);
    } finally {
      await postgres.dispose();
    }
  }
  upstream.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
