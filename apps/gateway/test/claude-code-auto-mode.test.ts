/**
 * Auto mode, Claude Code's default permission mode, through Aurora with the real CLI in `-p` mode
 * (settings `{"permissions":{"defaultMode":"auto"}}`, no --allowedTools, no permission flags): every
 * main-loop request carries `safeguards`, and a tool call runs only when the answer's
 * `safeguard_results` say so. The provider is OpenAI-compatible, so the gateway asks its judge alias;
 * the judge here is scripted, answering for every tool call id it is asked about.
 *
 * What 2.1.332 did with each result (observed): `not_flagged` → runs the call; `flagged` → does not,
 * and tells the model "Permission for this action was denied by the Claude Code auto mode classifier.
 * Reason: <explanation>"; `unavailable`/`error` → does not, tells the model the classifier "gave no
 * verdict", and the session goes on; `unsupported` → "Auto mode can't check actions in this session"
 * on stderr, refuses, exits 1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClaudeRun, findClaudeBinary, runClaudeProcess } from './support/claude-cli.js';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway } from './support/gateway.js';
import {
  chatChunks,
  chatCompletion,
  type RecordedRequest,
  type ScriptedUpstream,
  type Step,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const claudeBinary = findClaudeBinary();

interface OpenAIMessage {
  role: string;
  content?: unknown;
}

const modelOf = (request: RecordedRequest) => (request.body as { model?: string } | undefined)?.model;
const forModel = (model: string) => (request: RecordedRequest) => modelOf(request) === model;

/** The question the gateway put to the judge, as the judge's provider received it. */
function judgeQuestion(request: RecordedRequest): string {
  const messages = (request.body as { messages: OpenAIMessage[] }).messages;
  return messages
    .filter((message) => message.role === 'user')
    .map((message) =>
      typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
    )
    .join('\n');
}

/** The tool calls the judge was asked about, read from its question. */
function askedIds(request: RecordedRequest): string[] {
  const question = judgeQuestion(request);
  const calls = question.slice(question.indexOf('<tool_calls>\n') + 13, question.indexOf('\n</tool_calls>'));
  return (JSON.parse(calls) as { id: string }[]).map((call) => call.id);
}

type JudgeMode = 'not_flagged' | 'flagged' | 'down';

/** A scripted judge: one verdict for every id it is asked about, or an outage. */
function judgeStep(mode: JudgeMode, request: RecordedRequest): Step {
  if (mode === 'down') return { status: 503, body: { error: { message: 'judge is down' } } };
  const flagged = mode === 'flagged';
  const verdicts = Object.fromEntries(
    askedIds(request).map((id) => [
      id,
      {
        flagged,
        explanation: flagged ? 'It writes a file the user never asked for.' : 'It does what the user asked.',
      },
    ]),
  );
  return { json: chatCompletion({ content: JSON.stringify({ verdicts }) }) };
}

describe.runIf(claudeBinary)('Claude Code in auto mode through Aurora', { timeout: 180_000 }, () => {
  let upstream: ScriptedUpstream;
  let gw: TestGateway;
  let unjudged: TestGateway;
  let home: string;
  let judgeMode: JudgeMode = 'not_flagged';

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault((request) => {
      if (modelOf(request) === 'judge-model') return judgeStep(judgeMode, request);
      // Whatever else the CLI asks (titles, background calls) gets a plain answer in the shape it asked for.
      const body = request.body as { stream?: boolean };
      const script = { content: 'background answer' };
      return body.stream ? { sse: chatChunks(script) } : { json: chatCompletion(script) };
    });
    const setup = {
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        { name: 'cc-main', provider: 'scripted', model: 'main-model', context_window: 200_000 },
        { name: 'judge', provider: 'scripted', model: 'judge-model', context_window: 128_000 },
      ],
    };
    gw = await startTestGateway('pglite', { ...setup, auto_mode_judge: 'judge' });
    unjudged = await startTestGateway('pglite', setup);
  });
  afterAll(async () => {
    await gw?.stop();
    await unjudged?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aurora-cc-auto-'));
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude', 'settings.json'),
      JSON.stringify({ permissions: { defaultMode: 'auto' } }),
    );
    mkdirSync(project());
    upstream.requests.length = 0;
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  // Outside the working directory: a write there always needs auto mode's check (one inside it may
  // pass Claude Code's own pre-screen without one).
  const marker = () => join(home, 'marker.txt');
  const project = () => join(home, 'project');

  /** The main loop: one Bash call that writes the marker, then a final answer. */
  function scriptBashTurn(): void {
    upstream.enqueue(
      {
        when: forModel('main-model'),
        sse: chatChunks({
          content: 'Creating it.',
          toolCalls: [
            {
              id: 'call_marker_1',
              name: 'Bash',
              arguments: { command: `echo ran > ${marker()}`, description: 'Write the marker' },
            },
          ],
        }),
      },
      { when: forModel('main-model'), sse: chatChunks({ content: 'final answer' }) },
    );
  }

  function runAutoMode(gateway: TestGateway): Promise<ClaudeRun> {
    return runClaudeProcess([claudeBinary!, '-p', 'Create the marker file.'], {
      cwd: project(),
      home,
      env: {
        ANTHROPIC_BASE_URL: gateway.url,
        ANTHROPIC_AUTH_TOKEN: TEST_MASTER_KEY,
        ANTHROPIC_MODEL: 'cc-main',
        CLAUDE_CODE_AUTO_COMPACT_WINDOW: '200000',
      },
    });
  }

  /** What the CLI told the model about its Bash call, in the request after it. */
  function toolResultSent(): string {
    const main = upstream.requests.filter(forModel('main-model'));
    expect(main).toHaveLength(2);
    const messages = (main[1]!.body as { messages: (OpenAIMessage & { tool_call_id?: string })[] }).messages;
    const result = messages.find((message) => message.role === 'tool');
    expect(result, JSON.stringify(messages.slice(-3))).toBeDefined();
    return String(result!.content);
  }

  it('runs a Bash call the judge does not flag', async () => {
    judgeMode = 'not_flagged';
    scriptBashTurn();
    const run = await runAutoMode(gw);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe('final answer');
    expect(existsSync(marker())).toBe(true);
    expect(run.stderr).not.toMatch(/Auto mode can't check/);
    // One judge call for the answer with the tool call, asking about exactly its id.
    const judged = upstream.requests.filter(forModel('judge-model'));
    expect(judged).toHaveLength(1);
    expect(askedIds(judged[0]!)).toHaveLength(1);
    const question = judgeQuestion(judged[0]!);
    expect(question).toContain('Create the marker file.');
    expect(question).toContain(`echo ran > ${marker()}`);
    expect(question).toContain(`"live_cwd":"${project()}"`);
    // Never the system prompt: it is Claude Code's, not the user's.
    expect(question).not.toContain('x-anthropic-billing-header');
    expect(question).not.toContain('You are Claude Code');
  });

  it('reports a flagged Bash call as blocked and does not run it', async () => {
    judgeMode = 'flagged';
    scriptBashTurn();
    const run = await runAutoMode(gw);
    expect(existsSync(marker())).toBe(false);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    const told = toolResultSent();
    expect(told).toContain('denied by the Claude Code auto mode classifier');
    expect(told).toContain('It writes a file the user never asked for.');
  });

  it('does not run the call when the judge is down, and the session goes on', async () => {
    judgeMode = 'down';
    scriptBashTurn();
    const run = await runAutoMode(gw);
    expect(existsSync(marker())).toBe(false);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe('final answer');
    expect(toolResultSent()).toMatch(/gave no verdict/);
  });

  it('without a judge says unsupported: the CLI refuses the call and says why', async () => {
    scriptBashTurn();
    const run = await runAutoMode(unjudged);
    expect(existsSync(marker())).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Auto mode can't check actions in this session/);
    expect(upstream.requests.filter(forModel('judge-model'))).toHaveLength(0);
  });
});
