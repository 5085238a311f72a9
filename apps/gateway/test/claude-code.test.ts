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
  reasoning_content?: string;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

const forModel = (model: string) => (request: RecordedRequest) =>
  (request.body as { model?: string } | undefined)?.model === model;

const messagesOf = (request: RecordedRequest) =>
  (request.body as { messages?: OpenAIMessage[] } | undefined)?.messages ?? [];

/** How many tool results the conversation sent upstream already holds: which turn this request is. */
const toolTurn = (request: RecordedRequest) => messagesOf(request).filter((m) => m.role === 'tool').length;

/**
 * DeepSeek in thinking mode refuses a history in which an assistant turn that called tools lacks its
 * `reasoning_content` (its 400 names the message index).
 */
function missingReasoning(request: RecordedRequest): string | undefined {
  const at = messagesOf(request).findIndex(
    (m) => m.role === 'assistant' && m.tool_calls?.length && typeof m.reasoning_content !== 'string',
  );
  return at === -1
    ? undefined
    : `Missing \`reasoning_content\` field in the assistant message at message index ${at}`;
}

const NATIVE_SIGNATURE = 'EqQBCkYIBxgCKkDnativeAnthropicSignature';

/** A native Anthropic stream: a signed thinking block, then a Bash tool_use. */
function nativeThinkingThenTool(thinking: string, input: Record<string, unknown>): object[] {
  return [
    {
      type: 'message_start',
      message: {
        id: 'msg_native_1',
        type: 'message',
        role: 'assistant',
        model: 'native-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 20, output_tokens: 0 },
      },
    },
    {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    },
    { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking } },
    {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: NATIVE_SIGNATURE },
    },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_01NativeCall', name: 'Bash', input: {} },
    },
    {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) },
    },
    { type: 'content_block_stop', index: 1 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 30 },
    },
    { type: 'message_stop' },
  ];
}

function nativeText(text: string): object[] {
  return [
    {
      type: 'message_start',
      message: {
        id: 'msg_native_2',
        type: 'message',
        role: 'assistant',
        model: 'native-model',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 40, output_tokens: 0 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    { type: 'message_stop' },
  ];
}

/** The assistant turns' reasoning_content, in order, as the last request sent them back. */
const reasoningSentBack = (request: RecordedRequest) =>
  messagesOf(request)
    .filter((m) => m.role === 'assistant' && m.tool_calls?.length)
    .map((m) => m.reasoning_content);

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
      providers: [
        { name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' },
        { name: 'deepseek-like', preset: 'deepseek', base_url: upstream.url, api_key: 'sk-upstream' },
        { name: 'kimi-like', preset: 'moonshot', base_url: upstream.url, api_key: 'sk-upstream' },
        { name: 'native', kind: 'anthropic', base_url: upstream.url, api_key: 'sk-upstream' },
      ],
      aliases: [
        {
          name: 'cc-main',
          provider: 'scripted',
          model: 'main-model',
          max_output_tokens: 8192,
          context_window: 200_000,
        },
        // DeepSeek's thinking-mode rules (reasoning_content back on tool turns), Kimi's id format, and
        // a native Anthropic alias to switch from: all served by the same scripted upstream.
        {
          name: 'cc-deepseek',
          provider: 'deepseek-like',
          model: 'deepseek-model',
          reasoning: true,
          max_output_tokens: 8192,
          context_window: 200_000,
        },
        {
          name: 'cc-kimi',
          provider: 'kimi-like',
          model: 'kimi-model',
          max_output_tokens: 8192,
          context_window: 200_000,
        },
        {
          name: 'cc-native',
          provider: 'native',
          model: 'native-model',
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

  /** DeepSeek-style steps: tool turn k answers with its own reasoning and call; a history missing any
   * turn's reasoning_content gets DeepSeek's 400 instead. */
  function enqueueDeepSeekTurns(token: string, firstTurn: number, turns: number): string[] {
    const reasoning: string[] = [];
    for (let k = 0; k < turns; k++) {
      const turn = firstTurn + k;
      reasoning.push(`Turn ${turn}: I should run command ${turn} (${token}).`);
      upstream.enqueue({
        when: (r) => forModel('deepseek-model')(r) && toolTurn(r) === turn && !missingReasoning(r),
        sse: chatChunks({
          reasoning: reasoning[k],
          toolCalls: [
            {
              id: `call_ds_${turn}`,
              name: 'Bash',
              arguments: { command: `echo ds-${turn}-${token}`, description: `step ${turn}` },
            },
          ],
          fragmentSize: 7,
        }),
      });
    }
    upstream.enqueue(
      {
        when: (r) =>
          forModel('deepseek-model')(r) && toolTurn(r) === firstTurn + turns && !missingReasoning(r),
        sse: chatChunks({ reasoning: 'Both ran.', content: `deepseek-done-${token}` }),
      },
      {
        when: (r) => forModel('deepseek-model')(r) && missingReasoning(r) !== undefined,
        status: 400,
        body: { error: { message: 'Missing `reasoning_content`', type: 'invalid_request_error' } },
      },
    );
    return reasoning;
  }

  it('keeps a DeepSeek-thinking-style upstream happy over two tool turns: every turn carries its reasoning back', async () => {
    const token = randomBytes(6).toString('hex');
    const reasoning = enqueueDeepSeekTurns(token, 0, 2);

    const run = await runClaude(['-p', 'Run the two steps.', '--allowedTools', 'Bash'], {
      ...options(),
      model: 'cc-deepseek',
    });

    expectCleanRun(run);
    expect(run.stdout.trim()).toBe(`deepseek-done-${token}`);
    const sent = upstream.requests.filter(forModel('deepseek-model'));
    expect(sent.map(toolTurn)).toEqual([0, 1, 2]);
    // Not just present: the reasoning each turn produced, in order.
    expect(reasoningSentBack(sent.at(-1)!)).toEqual(reasoning);
  });

  it('keeps it happy after a model switch mid-session, and sends back thinking another alias signed', async () => {
    const token = randomBytes(6).toString('hex');
    const nativeThinking = `The native model plans the first command (${token}).`;
    const nativeCall = { command: `echo native-${token}`, description: 'native step' };
    // The first alias is a native Anthropic upstream: its thinking carries Anthropic's own signature.
    upstream.enqueue(
      {
        path: '/v1/messages',
        sse: nativeThinkingThenTool(nativeThinking, nativeCall),
      },
      {
        path: '/v1/messages',
        sse: nativeText(`native-done-${token}`),
      },
    );
    const first = await runClaude(['-p', 'Run the first step.', '--allowedTools', 'Bash'], {
      ...options(),
      model: 'cc-native',
    });
    expectCleanRun(first);
    expect(first.stdout.trim()).toBe(`native-done-${token}`);

    // Same session (`--continue`), now on the DeepSeek-style alias: as `/model cc-deepseek` would.
    upstream.requests.length = 0;
    proxy.seen.length = 0;
    const reasoning = enqueueDeepSeekTurns(token, 1, 2);
    const second = await runClaude(
      ['-p', '--continue', '--model', 'cc-deepseek', 'Now run two more steps.', '--allowedTools', 'Bash'],
      { ...options(), model: 'cc-native' },
    );

    expectCleanRun(second);
    expect(second.stdout.trim()).toBe(`deepseek-done-${token}`);
    const sent = upstream.requests.filter(forModel('deepseek-model'));
    expect(sent.map(toolTurn)).toEqual([1, 2, 3]);
    // Claude Code 2.1.332 drops the other model's thinking when it resumes the session on a new model,
    // so that turn has none to give: it goes back with the empty reasoning_content DeepSeek accepts.
    expect(reasoningSentBack(sent.at(-1)!)).toEqual(['', ...reasoning]);

    // Where a history does keep it (a live `/model` switch, another gateway's signature): the real
    // request Claude Code just sent, replayed with the native turn's signed thinking in place.
    const recorded = structuredClone(proxy.seen[0]!.body) as {
      messages: { role: string; content: unknown }[];
    };
    const nativeTurn = recorded.messages.find(
      (m) =>
        m.role === 'assistant' &&
        Array.isArray(m.content) &&
        JSON.stringify(m.content).includes('toolu_01NativeCall'),
    )!;
    (nativeTurn.content as unknown[]).unshift({
      type: 'thinking',
      thinking: nativeThinking,
      signature: NATIVE_SIGNATURE,
    });
    upstream.requests.length = 0;
    upstream.enqueue({
      when: (r) => forModel('deepseek-model')(r) && !missingReasoning(r),
      sse: chatChunks({ content: `replayed-${token}` }),
    });
    const replay = await fetch(`${gw.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_MASTER_KEY}`,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ...recorded, model: 'cc-deepseek' }),
    });
    expect(replay.status).toBe(200);
    const said = (await replay.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { delta?: { text?: string } })
      .map((event) => event.delta?.text ?? '')
      .join('');
    expect(said).toBe(`replayed-${token}`);
    const replayed = upstream.requests.filter(forModel('deepseek-model'));
    expect(replayed).toHaveLength(1);
    expect(reasoningSentBack(replayed[0]!)).toEqual([nativeThinking]);
    // Anthropic's signature itself never reaches another provider.
    expect(JSON.stringify(replayed[0]!.body)).not.toContain(NATIVE_SIGNATURE);
  });

  it('carries Kimi-style ids (functions.Bash:0) back unchanged over three tool turns', async () => {
    const token = randomBytes(6).toString('hex');
    const issued = (turns: number) => Array.from({ length: turns }, (_, k) => `functions.Bash:${k}`);
    /** The history holds exactly the ids this upstream issued, in its calls and in their results. */
    const idsIntact = (r: RecordedRequest) => {
      const messages = messagesOf(r);
      const want = issued(toolTurn(r));
      return (
        JSON.stringify(messages.flatMap((m) => (m.tool_calls ?? []).map((c) => c.id))) ===
          JSON.stringify(want) &&
        JSON.stringify(messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id)) ===
          JSON.stringify(want)
      );
    };
    for (let turn = 0; turn < 3; turn++) {
      upstream.enqueue({
        when: (r) => forModel('kimi-model')(r) && toolTurn(r) === turn && idsIntact(r),
        sse: chatChunks({
          toolCalls: [
            {
              id: `functions.Bash:${turn}`,
              name: 'Bash',
              arguments: { command: `echo kimi-${turn}-${token}`, description: `step ${turn}` },
            },
          ],
        }),
      });
    }
    upstream.enqueue(
      {
        when: (r) => forModel('kimi-model')(r) && toolTurn(r) === 3 && idsIntact(r),
        sse: chatChunks({ content: `kimi-done-${token}` }),
      },
      {
        when: (r) => forModel('kimi-model')(r) && !idsIntact(r),
        status: 400,
        body: { error: { message: 'tool_call_id is not found', type: 'invalid_request_error' } },
      },
    );

    const run = await runClaude(['-p', 'Run three steps.', '--allowedTools', 'Bash'], {
      ...options(),
      model: 'cc-kimi',
    });

    expectCleanRun(run);
    expect(run.stdout.trim()).toBe(`kimi-done-${token}`);
    const sent = upstream.requests.filter(forModel('kimi-model'));
    expect(sent.map(toolTurn)).toEqual([0, 1, 2, 3]);
    expect(
      messagesOf(sent.at(-1)!)
        .filter((m) => m.role === 'tool')
        .map((m) => m.content),
    ).toEqual([0, 1, 2].map((k) => `kimi-${k}-${token}`));
  });
});
