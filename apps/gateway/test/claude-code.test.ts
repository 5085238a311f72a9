/**
 * The real Claude Code CLI (native binary of @anthropic-ai/claude-code-linux-x64 2.1.332) as a client of
 * a real gateway, through a recording proxy, in front of a scripted OpenAI-compatible upstream.
 *
 * What 2.1.332 actually sent in `-p` mode here (observed, with CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1):
 * - Only `POST /v1/messages?beta=true`, every one `stream: true`: one per main-loop or sub-agent turn.
 *   No count_tokens, no title generation, no non-streaming probe, no GET /v1/models in these runs.
 * - Headers: `authorization: Bearer <ANTHROPIC_AUTH_TOKEN>`, `anthropic-version: 2023-06-01`,
 *   `anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,
 *   mid-conversation-tool-changes-2026-07-01,thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,
 *   effort-2025-11-24` (sub-agents add `per-turn-control-2026-07-01`), `x-claude-code-session-id` (one UUID
 *   per run, shared by its sub-agents), `user-agent: claude-cli/2.1.332 (external, sdk-cli)`, `x-app: cli`,
 *   `anthropic-dangerous-direct-browser-access: true`, `x-stainless-*`, `accept-encoding: gzip, deflate,
 *   br, zstd`.
 * - Body keys: model, messages, system, tools, metadata, max_tokens, thinking, context_management,
 *   output_config, stream. Main loop: `max_tokens: 32000`, `thinking: {type: "adaptive", display:
 *   "omitted"}`, `output_config: {effort: "high"}`, `context_management: {edits: [{type:
 *   "clear_thinking_20251015", keep: "all"}]}`; `metadata.user_id` is a JSON string (device_id,
 *   account_uuid, session_id). `system[0]` is the `x-anthropic-billing-header: cc_version=2.1.332...` block
 *   (no cache_control), the next two carry `cache_control: ephemeral`.
 * - `messages` start with a user turn of two text blocks (a system-reminder, then the prompt) followed by
 *   a `role: "system"` message (the environment), i.e. a mid-conversation system message on turn one.
 *   The tool_result comes back as `{tool_use_id, type, content: "<stdout>", is_error: false, cache_control}`.
 * - 12 tools: Agent, Bash, Edit, ListAgents, Read, ReportFindings, ScheduleWakeup, Skill, ToolSearch,
 *   Workflow, DeferredToolPlaceholder (`defer_loading: true`), Write; schemas are JSON Schema 2020-12.
 * - The Agent tool with `model: "haiku"` starts a sub-agent whose requests name `claude-haiku-5-5` (not
 *   `claude-haiku-4-5-20251001`) with `max_tokens: 128000` and `output_config: {effort: "medium"}`.
 * - On stderr it warns that it does not recognise the alias and assumes a 1M-token context window.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway } from './support/gateway.js';
import {
  chatChunks,
  chatCompletion,
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

/** The native binary ships only in the platform package; elsewhere the optional dependency is absent. */
function findClaudeBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const manifest = createRequire(import.meta.url).resolve(
      '@anthropic-ai/claude-code-linux-x64/package.json',
    );
    const binary = join(dirname(manifest), 'claude');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const claudeBinary = findClaudeBinary();
if (!claudeBinary) {
  console.warn(
    'claude-code.test.ts skipped: @anthropic-ai/claude-code-linux-x64 is not installed ' +
      `(its binary exists for linux-x64 glibc only; this is ${process.platform}-${process.arch})`,
  );
}

interface ClientRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
}

/** Sits between Claude Code and the gateway to record what the CLI really sent and what it got back. */
async function startRecordingProxy(
  target: string,
): Promise<{ url: string; seen: ClientRequest[]; server: Server }> {
  const seen: ClientRequest[] = [];
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const raw = Buffer.concat(parts);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = raw.toString('utf8');
      }
      const entry: ClientRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
      seen.push(entry);
      const forward = httpRequest(
        {
          // A fresh connection per request: nothing pooled outlives the proxy's close().
          agent: false,
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: targetUrl.host },
        },
        (answer) => {
          entry.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => res.destroy(error));
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

interface OpenAIMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

const forModel = (model: string) => (request: RecordedRequest) =>
  (request.body as { model?: string } | undefined)?.model === model;

interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `claude -p` against the gateway with a clean HOME and no traffic to Anthropic's own services. */
function runClaude(
  args: string[],
  options: { cwd: string; home: string; baseUrl: string; model: string; timeoutMs?: number },
): Promise<ClaudeRun> {
  const child = spawn(claudeBinary!, args, {
    cwd: options.cwd,
    // Only what the CLI needs: inherited variables (a developer's ANTHROPIC_API_KEY, proxies) must not leak in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.home,
      TMPDIR: options.home,
      ANTHROPIC_BASE_URL: options.baseUrl,
      ANTHROPIC_AUTH_TOKEN: TEST_MASTER_KEY,
      ANTHROPIC_MODEL: options.model,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
      CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
      ...(process.env.AURORA_CC_DEBUG ? { ANTHROPIC_LOG: 'debug' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a timeout also ends the shells its Bash tool started.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 80_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

describe.runIf(claudeBinary)('the real Claude Code CLI through the gateway', { timeout: 120_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let home: string;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    gw = await startTestGateway('pglite', {
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        {
          name: 'cc-main',
          provider: 'scripted',
          model: 'main-model',
          max_output_tokens: 8192,
          context_window: 200_000,
        },
        {
          name: 'claude-*',
          provider: 'scripted',
          model: 'background-model',
          max_output_tokens: 8192,
          context_window: 200_000,
        },
      ],
    });
    proxy = await startRecordingProxy(gw.url);
    // Whatever the CLI asks besides the scripted turns (titles, background haiku-class calls) gets a
    // plain answer in the shape it asked for, so that it cannot consume a step meant for the main loop.
    upstream.setDefault((request) => {
      const body = request.body as { stream?: boolean };
      const script = { content: 'background answer' };
      return body.stream ? { sse: chatChunks(script) } : { json: chatCompletion(script) };
    });
  });
  afterAll(async () => {
    proxy?.server.closeAllConnections();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await gw?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aurora-cc-home-'));
    upstream.requests.length = 0;
    proxy.seen.length = 0;
  });
  afterEach((context) => {
    // AURORA_CC_DUMP=<dir> keeps what a CLI version really sent, to refresh the notes at the top.
    const dumpDir = process.env.AURORA_CC_DUMP;
    if (dumpDir) {
      const file = join(dumpDir, `${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.json`);
      writeFileSync(file, JSON.stringify({ client: proxy.seen, upstream: upstream.requests }, null, 2));
    }
    rmSync(home, { recursive: true, force: true });
  });

  const options = () => ({ cwd: home, home, baseUrl: proxy.url, model: 'cc-main' });

  /** Exit code 0 within the time limit, every request answered 200, no API error printed. */
  function expectCleanRun(run: ClaudeRun): void {
    expect(run.timedOut, `claude timed out; stderr: ${run.stderr}`).toBe(false);
    expect(run.code, `claude failed; stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.stdout).not.toMatch(/API Error/i);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.map((seen) => `${seen.method} ${seen.url} ${seen.status}`)).toEqual(
      proxy.seen.map((seen) => `${seen.method} ${seen.url} 200`),
    );
    // A stream the CLI could not read makes it retry without streaming ("Content block not found").
    for (const seen of proxy.seen.filter((each) => each.url.startsWith('/v1/messages?'))) {
      expect((seen.body as { stream?: boolean }).stream).toBe(true);
    }
  }

  it('runs a streamed Bash tool call and finishes the second turn with the upstream answer', async () => {
    const token = randomBytes(6).toString('hex');
    const proof = join(home, 'proof.txt');
    const command = `echo aurora-${token} > ${proof}; echo out-${token}`;
    upstream.enqueue(
      {
        when: forModel('main-model'),
        sse: chatChunks({
          content: 'Writing it.',
          toolCalls: [
            { id: 'call_bash_1', name: 'Bash', arguments: { command, description: 'Write the proof' } },
          ],
          fragmentSize: 5,
        }),
      },
      { when: forModel('main-model'), sse: chatChunks({ content: `final-${token}` }) },
    );

    const run = await runClaude(['-p', 'Write the proof file.', '--allowedTools', 'Bash'], options());

    expectCleanRun(run);
    expect(run.stdout.trim()).toBe(`final-${token}`);
    expect(readFileSync(proof, 'utf8')).toBe(`aurora-${token}\n`);
    const main = upstream.requests.filter(forModel('main-model'));
    expect(main).toHaveLength(2);
    const messages = (main[1]!.body as { messages: OpenAIMessage[] }).messages;
    const callAt = messages.findIndex((message) => message.tool_calls?.length);
    expect(messages[callAt]!.tool_calls![0]!.function).toEqual({
      name: 'Bash',
      arguments: JSON.stringify({ command, description: 'Write the proof' }),
    });
    // The tool result comes right after the call that asked for it, answering that call's id.
    expect(messages[callAt + 1]).toEqual({
      role: 'tool',
      tool_call_id: messages[callAt]!.tool_calls![0]!.id,
      content: `out-${token}`,
    });
  });

  it('runs a sub-agent whose requests name a real Claude id, caught by the claude-* glob alias', async () => {
    const token = randomBytes(6).toString('hex');
    const agentInput = {
      description: 'Check the marker',
      prompt: `Print the marker ${token}.`,
      subagent_type: 'general-purpose',
      model: 'haiku',
      run_in_background: false,
    };
    upstream.enqueue(
      {
        when: forModel('main-model'),
        sse: chatChunks({ toolCalls: [{ name: 'Agent', arguments: agentInput }] }),
      },
      {
        when: forModel('background-model'),
        sse: chatChunks({ toolCalls: [{ name: 'Bash', arguments: { command: `echo sub-${token}` } }] }),
      },
      { when: forModel('background-model'), sse: chatChunks({ content: `subagent-report-${token}` }) },
      { when: forModel('main-model'), sse: chatChunks({ content: `main-done-${token}` }) },
    );

    const run = await runClaude(
      ['-p', 'Delegate the marker check to an agent.', '--allowedTools', 'Bash'],
      options(),
    );

    expectCleanRun(run);
    expect(run.stdout.trim()).toBe(`main-done-${token}`);
    const subagentCalls = proxy.seen.filter((seen) => (seen.body as { model?: string }).model !== 'cc-main');
    expect(subagentCalls.length).toBeGreaterThanOrEqual(2);
    for (const seen of subagentCalls)
      expect((seen.body as { model: string }).model).toMatch(/^claude-haiku-/);
    const background = upstream.requests.filter(forModel('background-model'));
    expect(background.length).toBeGreaterThanOrEqual(2);
    // The sub-agent ran its Bash call and got the output back, then its report reached the main loop.
    expect(JSON.stringify(background.at(-1)!.body)).toContain(`sub-${token}`);
    const lastMain = upstream.requests.filter(forModel('main-model')).at(-1)!;
    expect(JSON.stringify(lastMain.body)).toContain(`subagent-report-${token}`);
  });

  it('sends the request shapes docs/claude-code.md describes, and the gateway answers every one with 200', async () => {
    upstream.enqueue({ when: forModel('main-model'), sse: chatChunks({ content: 'plain answer' }) });

    const run = await runClaude(['-p', 'Say something.', '--allowedTools', 'Bash'], options());

    expectCleanRun(run);
    expect(run.stdout.trim()).toBe('plain answer');
    const [first] = proxy.seen;
    expect(first).toBeDefined();
    expect(first!.method).toBe('POST');
    expect(first!.url).toBe('/v1/messages?beta=true');
    expect(first!.headers).toMatchObject({
      authorization: `Bearer ${TEST_MASTER_KEY}`,
      'anthropic-version': '2023-06-01',
      'user-agent': expect.stringMatching(/^claude-cli\//),
      'x-claude-code-session-id': expect.any(String),
      'anthropic-beta': expect.stringContaining('claude-code-'),
    });
    const body = first!.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['model', 'max_tokens', 'stream', 'system', 'messages', 'tools', 'metadata']),
    );
    expect(body).toMatchObject({ model: 'cc-main', stream: true });
    // The billing header block never reaches the provider, nor do Anthropic-only fields.
    const sent = upstream.requests.filter(forModel('main-model'))[0]!.body as Record<string, unknown>;
    expect(JSON.stringify(sent)).not.toContain('x-anthropic-billing-header');
    for (const key of ['thinking', 'output_config', 'context_management', 'metadata', 'system']) {
      expect(sent).not.toHaveProperty(key);
    }
    expect((sent.user as string).length).toBeLessThanOrEqual(64);
  });
});
