/**
 * Auto mode through an Anthropic-kind provider: the provider checks the tool calls itself, so the
 * gateway passes `safeguards` and every `anthropic-beta` token through and hands its
 * `safeguard_results` to the real Claude Code CLI unchanged, streamed (final `message_delta.delta`)
 * and as JSON (top level; the CLI asks without streaming after a stream it cannot read).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClaudeRun, findClaudeBinary, runClaudeProcess } from './support/claude-cli.js';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway } from './support/gateway.js';
import {
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const claudeBinary = findClaudeBinary();

const TOOL_ID = 'toolu_01PassThroughExactId';
const notFlagged = [
  {
    type: 'dangerous_tool_use',
    status: { type: 'available', tool_uses: { [TOOL_ID]: { type: 'evaluated', outcome: 'not_flagged' } } },
  },
];

const isStream = (request: RecordedRequest) => (request.body as { stream?: boolean }).stream === true;
const hasToolResult = (request: RecordedRequest) =>
  JSON.stringify((request.body as { messages?: unknown }).messages ?? []).includes('tool_result');
/** The main loop's first turn: tools offered, no result yet. */
const firstTurn = (request: RecordedRequest) =>
  ((request.body as { tools?: unknown[] }).tools?.length ?? 0) > 3 && !hasToolResult(request);

function message(content: unknown[], stopReason: string, extra: Record<string, unknown> = {}) {
  return {
    id: 'msg_passthrough',
    type: 'message',
    role: 'assistant',
    model: 'claude-upstream',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 6 },
    ...extra,
  };
}

function toolUseStream(command: string): object[] {
  return [
    { type: 'message_start', message: { ...message([], ''), stop_reason: null } },
    {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: TOOL_ID, name: 'Bash', input: {} },
    },
    {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify({ command, description: 'Marker' }) },
    },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null, safeguard_results: notFlagged },
      usage: { output_tokens: 6 },
    },
    { type: 'message_stop' },
  ];
}

function textStream(text: string): object[] {
  return [
    { type: 'message_start', message: { ...message([], ''), stop_reason: null } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: {
        stop_reason: 'end_turn',
        stop_sequence: null,
        safeguard_results: [{ type: 'dangerous_tool_use', status: { type: 'available', tool_uses: {} } }],
      },
      usage: { output_tokens: 2 },
    },
    { type: 'message_stop' },
  ];
}

describe.runIf(claudeBinary)('auto mode through an Anthropic-kind provider', { timeout: 180_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let home: string;
  let marker: string;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault((request) =>
      isStream(request)
        ? { sse: textStream('final answer') }
        : { json: message([{ type: 'text', text: 'ok' }], 'end_turn') },
    );
    gw = await startTestGateway('pglite', {
      providers: [
        { name: 'claude', kind: 'anthropic', base_url: upstream.url.replace(/\/v1$/, ''), api_key: 'sk-ant' },
      ],
      aliases: [{ name: 'cc-main', provider: 'claude', model: 'claude-upstream', context_window: 200_000 }],
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aurora-cc-pass-'));
    mkdirSync(join(home, '.claude'));
    mkdirSync(join(home, 'project'));
    writeFileSync(
      join(home, '.claude', 'settings.json'),
      JSON.stringify({ permissions: { defaultMode: 'auto' } }),
    );
    marker = join(home, 'marker.txt');
    upstream.requests.length = 0;
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  function runAutoMode(): Promise<ClaudeRun> {
    return runClaudeProcess([claudeBinary!, '-p', 'Create the marker file.'], {
      cwd: join(home, 'project'),
      home,
      env: {
        ANTHROPIC_BASE_URL: gw.url,
        ANTHROPIC_AUTH_TOKEN: TEST_MASTER_KEY,
        ANTHROPIC_MODEL: 'cc-main',
        CLAUDE_CODE_AUTO_COMPACT_WINDOW: '200000',
      },
    });
  }

  function expectSafeguardsPassedThrough(request: RecordedRequest): void {
    const body = request.body as { safeguards?: { type: string; classifier_context?: unknown }[] };
    expect(body.safeguards?.[0]?.type).toBe('dangerous_tool_use');
    expect(body.safeguards?.[0]?.classifier_context).toMatchObject({ live_cwd: join(home, 'project') });
    const betas = request.headers['anthropic-beta']!.split(',');
    expect(betas).toEqual(expect.arrayContaining(['dangerous-tool-use-2026-09-03', 'afk-mode-2026-01-31']));
  }

  it('streams the provider’s verdict to the CLI, which runs the call', async () => {
    upstream.enqueue({
      when: (request) => firstTurn(request) && isStream(request),
      sse: toolUseStream(`echo ran > ${marker}`),
    });
    const run = await runAutoMode();
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(run.stdout.trim()).toBe('final answer');
    expectSafeguardsPassedThrough(upstream.requests[0]!);
  });

  it('hands a JSON answer’s top-level verdict to the CLI, which runs the call', async () => {
    // A stream the CLI cannot read makes it ask again without streaming.
    upstream.enqueue(
      {
        when: (request) => firstTurn(request) && isStream(request),
        sse: [
          { type: 'message_start', message: { ...message([], ''), stop_reason: null } },
          { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'orphan' } },
          { type: 'message_stop' },
        ],
      },
      {
        when: (request) => firstTurn(request) && !isStream(request),
        json: message(
          [
            {
              type: 'tool_use',
              id: TOOL_ID,
              name: 'Bash',
              input: { command: `echo ran > ${marker}`, description: 'Marker' },
            },
          ],
          'tool_use',
          { safeguard_results: notFlagged },
        ),
      },
    );
    const run = await runAutoMode();
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const json = upstream.requests.find((request) => firstTurn(request) && !isStream(request));
    expect(json, 'the CLI asked without streaming').toBeDefined();
    expectSafeguardsPassedThrough(json!);
  });
});
