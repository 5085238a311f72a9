// `pnpm bench` (gateway part): the built gateway in its own process in front of a minimal upstream
// that parses each body once, and the same load sent straight to that upstream, in one run. Every CPU
// figure is reported as a ratio to the upstream's own CPU for one JSON.parse of the same body, the unit
// that stays comparable between machines:
//   1. the ~50 KB Claude Code request at concurrency 1, 10 and 50, JSON and streamed;
//   2. a session replay: 40 turns of one conversation growing from ~50 KB to ~1 MB, each request the
//      previous one plus a turn, sent as Claude Code sends them (streamed, one at a time);
//   3. cold bodies of 50 KB, 200 KB, 1 MB and 4 MB that no earlier request shares;
//   4. a long streamed answer, for chunks relayed per second of gateway CPU: written by the upstream in
//      one go (burst) and one chunk per turn of its event loop (trickled).
// BENCH_GATEWAY_CLI=<another build's dist/cli.js> runs that build instead (A/B in one session).
// BENCH_SECTIONS=steady,relay (any of steady, session, cold, relay) runs only those; BENCH_DATABASES=postgres
// (or pglite) only that database.
import { anthropicMessagesRequestSchema, anthropicRequestToOpenAI, resolveQuirks } from '@aurora/translate';
import { claudeCodeRequest, claudeCodeSession, coldRequest } from './claude-code-session';
import { onEachDatabase } from './each-database';
import { type GatewayProcess, MASTER_KEY, mainThreadCpuMs, procStat, startGateway } from './gateway-process';
import { type LoadRun, load, percentile } from './load';
import { type ParsingUpstream, startParsingUpstream } from './parsing-upstream';

const JSON_HEADERS = { 'content-type': 'application/json' };
const GATEWAY_HEADERS = {
  ...JSON_HEADERS,
  authorization: `Bearer ${MASTER_KEY}`,
  'anthropic-version': '2023-06-01',
};
const SESSION_TURNS = 40;
const SESSION_TURN_BYTES = 24_000;
const COLD_SIZES = [50_000, 200_000, 1_000_000, 4_000_000];
const LONG_ANSWER_WORDS = 2_000;
const WARM_UP_REQUESTS = 3_000;
// A session's CPU swings with whether a major GC falls in it (~30 ms each at 1 MB bodies): many.
const MEASURED_SESSIONS = 8;

let streamWords = 40;
let trickled = false;
const sections = new Set(
  (process.env.BENCH_SECTIONS ?? 'steady,session,cold,relay').split(',').map((each) => each.trim()),
);

type Body = ReturnType<typeof claudeCodeRequest>;
const directBodyOf = (body: Body) =>
  JSON.stringify(
    anthropicRequestToOpenAI(anthropicMessagesRequestSchema.parse(body), {
      model: 'bench-model',
      quirks: resolveQuirks('openai'),
    }),
  );

interface Measured {
  via: LoadRun;
  direct: LoadRun;
  gatewayCpuMs: number;
  /** Of which on its main thread; the rest is V8's helpers (concurrent GC marking, compiling). */
  gatewayMainCpuMs: number;
  /** The upstream's parse CPU while the gateway's requests arrived. */
  parseCpuMs: number;
  requests: number;
}

async function measure(
  gateway: GatewayProcess,
  upstream: ParsingUpstream,
  bodies: Body[],
  concurrency: number,
  total: number,
): Promise<Measured> {
  const gatewayBodies = bodies.map((body) => JSON.stringify(body));
  const directBodies = bodies.map(directBodyOf);
  const direct = await load(
    upstream.origin,
    '/v1/chat/completions',
    directBodies,
    JSON_HEADERS,
    concurrency,
    total,
  );
  upstream.reset();
  const pid = gateway.child.pid!;
  const before = procStat(pid);
  const mainBefore = mainThreadCpuMs(pid);
  const via = await load(gateway.url, '/v1/messages', gatewayBodies, GATEWAY_HEADERS, concurrency, total);
  const after = procStat(pid);
  const mainAfter = mainThreadCpuMs(pid);
  return {
    via,
    direct,
    gatewayCpuMs: after.cpuMs - before.cpuMs,
    gatewayMainCpuMs: mainAfter - mainBefore,
    parseCpuMs: upstream.parse().cpuMs,
    requests: total,
  };
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ratioToParse = (m: Measured) => m.gatewayCpuMs / m.parseCpuMs;
const table = (title: string, head: string[], rows: (string | number)[][]) => {
  console.log(`\n${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
};

async function benchDatabase(upstream: ParsingUpstream, database: string, databaseUrl?: string) {
  const gateway = await startGateway(upstream.origin, databaseUrl);
  const results: Record<string, unknown> = { database };
  const request = claudeCodeRequest('bench');

  // 1. The ~50 KB request under load.
  if (sections.has('steady')) await steadyLoad(gateway, upstream, request, results, database);
  if (sections.has('session')) await sessionReplay(gateway, upstream, results, database);
  if (sections.has('cold')) await coldBodies(gateway, upstream, results, database);
  if (sections.has('relay')) await relayThroughput(gateway, upstream, request, results);

  const peak = procStat(gateway.child.pid!).peakMb;
  results.peak_rss_mb = peak;
  console.log(`Gateway peak RSS (${database}): ${fixed(peak, 0)} MB`);
  await gateway.stop();
  console.log(JSON.stringify(results));
}

async function steadyLoad(
  gateway: GatewayProcess,
  upstream: ParsingUpstream,
  request: Body,
  results: Record<string, unknown>,
  database: string,
) {
  const steady: (string | number)[][] = [];
  const steadyResults: Record<string, unknown>[] = [];
  const counts: Record<number, number> = { 1: 1000, 10: 2000, 50: 3000 };
  const cpuPerRequest: Record<string, number> = {};
  for (const streaming of [false, true]) {
    const bodies = [{ ...request, stream: streaming }];
    // A gateway serves for days: its code is compiled by the time it matters. Without this the
    // first rows count the JIT's work (c=1 reads ~2x its steady cost after 300 requests).
    await measure(gateway, upstream, bodies, 10, WARM_UP_REQUESTS);
    for (const concurrency of [1, 10, 50]) {
      const m = await measure(gateway, upstream, bodies, concurrency, counts[concurrency]!);
      const mode = streaming ? 'stream' : 'json';
      cpuPerRequest[`${mode}-${concurrency}`] = m.gatewayCpuMs / m.requests;
      const row = {
        mode,
        concurrency,
        throughput_vs_direct: m.direct.seconds / m.via.seconds,
        gateway_cpu_ms_per_request: m.gatewayCpuMs / m.requests,
        parse_cpu_ms_per_request: m.parseCpuMs / m.requests,
        cpu_vs_one_parse: ratioToParse(m),
        added_first_byte_p50_ms: percentile(m.via.firstByte, 50) - percentile(m.direct.firstByte, 50),
        added_p50_ms: percentile(m.via.latencies, 50) - percentile(m.direct.latencies, 50),
        errors: m.via.errors + m.direct.errors,
        rss_mb: procStat(gateway.child.pid!).rssMb,
      };
      steadyResults.push(row);
      steady.push([
        mode,
        concurrency,
        `${fixed(row.throughput_vs_direct * 100, 0)} %`,
        fixed(row.gateway_cpu_ms_per_request, 3),
        fixed(row.parse_cpu_ms_per_request, 3),
        `${fixed(row.cpu_vs_one_parse, 1)}×`,
        fixed(row.added_first_byte_p50_ms),
        row.errors,
        fixed(row.rss_mb, 0),
      ]);
    }
  }
  results.steady = steadyResults;
  table(
    `Gateway (${database}): ~50 KB Claude Code request`,
    [
      'mode',
      'conc.',
      'req/s vs direct',
      'gateway CPU ms/req',
      'upstream parse ms/req',
      '÷ one parse',
      'added first byte p50 ms',
      'errors',
      'RSS MB',
    ],
    steady,
  );
  const streamVsJson = cpuPerRequest['stream-1']! / cpuPerRequest['json-1']!;
  console.log(`\nStreamed vs non-streamed CPU per request (c=1): ${fixed(streamVsJson)}×`);
  results.stream_vs_json_cpu = streamVsJson;
}

// 2. Session replay: conversations that share nothing with each other, the first one unmeasured
// (the code that reads a conversation's next request compiled, as in a gateway that has served some).
async function sessionReplay(
  gateway: GatewayProcess,
  upstream: ParsingUpstream,
  results: Record<string, unknown>,
  database: string,
) {
  const sessions: Measured[] = [];
  for (let salt = 0; salt <= MEASURED_SESSIONS; salt++) {
    const bodies = claudeCodeSession('bench', SESSION_TURNS, SESSION_TURN_BYTES).map((body) => ({
      ...body,
      stream: true,
      metadata: { user_id: `bench-session-${salt}` },
      system: [{ type: 'text', text: `Session ${salt}.` }, ...(body.system as object[])],
    }));
    const m = await measure(gateway, upstream, bodies, 1, bodies.length);
    if (salt > 0) sessions.push(m);
  }
  const sum = (of: (m: Measured) => number) => sessions.reduce((total, m) => total + of(m), 0);
  const sessionGateway = sum((m) => m.gatewayCpuMs);
  const sessionMain = sum((m) => m.gatewayMainCpuMs);
  const sessionParse = sum((m) => m.parseCpuMs);
  const ratios = sessions.map(ratioToParse).sort((a, b) => a - b);
  const lastBytes = JSON.stringify(
    claudeCodeSession('bench', SESSION_TURNS, SESSION_TURN_BYTES).at(-1),
  ).length;
  results.session_replay = {
    turns: SESSION_TURNS,
    sessions: sessions.length,
    last_body_bytes: lastBytes,
    gateway_cpu_ms: sessionGateway / sessions.length,
    gateway_main_thread_cpu_ms: sessionMain / sessions.length,
    parse_cpu_ms: sessionParse / sessions.length,
    cpu_vs_parse: sessionGateway / sessionParse,
    cpu_vs_parse_range: [ratios[0], ratios.at(-1)],
  };
  table(
    `Gateway (${database}): session replay, ${SESSION_TURNS} turns growing to ${fixed(lastBytes / 1e6)} MB (mean of ${sessions.length})`,
    [
      'gateway CPU ms / session',
      'of which main thread',
      'upstream parse ms / session',
      'gateway ÷ parse',
      'range of sessions',
    ],
    [
      [
        fixed(sessionGateway / sessions.length, 0),
        fixed(sessionMain / sessions.length, 0),
        fixed(sessionParse / sessions.length, 0),
        `${fixed(sessionGateway / sessionParse)}×`,
        `${fixed(ratios[0]!)}–${fixed(ratios.at(-1)!)}×`,
      ],
    ],
  );
}

// 3. Cold bodies.
async function coldBodies(
  gateway: GatewayProcess,
  upstream: ParsingUpstream,
  results: Record<string, unknown>,
  database: string,
) {
  const cold: (string | number)[][] = [];
  const coldResults: Record<string, unknown>[] = [];
  for (const size of COLD_SIZES) {
    const count = Math.max(4, Math.round(4e6 / size));
    const bodies = Array.from({ length: count }, (_, i) => coldRequest('bench', size, `${size}-${i}`));
    // Cold is about the body (nothing of it seen before), not the code: one body of the size first.
    await measure(gateway, upstream, [coldRequest('bench', size, `${size}-warm`)], 1, 1);
    const m = await measure(gateway, upstream, bodies, 1, count);
    coldResults.push({
      bytes: size,
      cpu_vs_one_parse: ratioToParse(m),
      gateway_cpu_ms: m.gatewayCpuMs / count,
    });
    cold.push([
      `${size / 1000} KB`,
      count,
      fixed(m.gatewayCpuMs / count),
      fixed(m.parseCpuMs / count),
      `${fixed(ratioToParse(m), 1)}×`,
    ]);
  }
  results.cold = coldResults;
  table(
    `Gateway (${database}): cold bodies (nothing reusable)`,
    ['body', 'requests', 'gateway CPU ms/req', 'upstream parse ms/req', '÷ one parse'],
    cold,
  );
}

// 4. Relay throughput on a long streamed answer.
async function relayThroughput(
  gateway: GatewayProcess,
  upstream: ParsingUpstream,
  request: Body,
  results: Record<string, unknown>,
) {
  streamWords = LONG_ANSWER_WORDS;
  const small = { ...request, messages: request.messages.slice(0, 1), tools: [], stream: true };
  // One round is ~0.4 s of CPU, which a major GC moves by a tenth: the median of five rounds. Twice: the
  // answer in one write (the gateway reads many chunks at once), and one chunk per upstream turn of
  // the event loop (closer to a model's tokens arriving one by one).
  for (const mode of ['burst', 'trickled'] as const) {
    trickled = mode === 'trickled';
    const requests = trickled ? 10 : 50;
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const relay = await measure(gateway, upstream, [small], 1, requests);
      rounds.push((requests * (LONG_ANSWER_WORDS + 3)) / (relay.gatewayCpuMs / 1000));
    }
    const chunksPerSecond = rounds.sort((a, b) => a - b)[2]!;
    results[`relay_${mode}_chunks_per_cpu_second`] = chunksPerSecond;
    console.log(
      `\nStream relay (${mode}): ${fixed(chunksPerSecond, 0)} chunks per second of gateway CPU (median of 5)`,
    );
  }
  trickled = false;
  streamWords = 40;
}

async function main() {
  const upstream = await startParsingUpstream(
    () => streamWords,
    () => trickled,
  );
  await onEachDatabase((database, databaseUrl) =>
    benchDatabase(upstream, database === 'pglite' ? 'embedded PGlite' : 'Postgres', databaseUrl),
  );
  await upstream.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
