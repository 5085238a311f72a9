/**
 * Every Claude Code snippet Aurora prints — the first-start banner, the key-created dialog, the
 * Connect page, the README — pasted as is into a fresh HOME starts the real Claude Code CLI with no
 * "doesn't recognize the model" warning and a first message that succeeds. The UI's two snippets
 * come from the same module call the pages make, with the aliases the admin API lists.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bashSnippet, claudeCodeEnv, type EnvEntry, settingsJsonSnippet } from '@aurora/contract';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { type Gateway, startGateway } from '../src/main.js';
import { adminApi } from './support/admin-api.js';
import { type ClaudeRun, findClaudeBinary, runClaudeProcess } from './support/claude-cli.js';
import {
  chatChunks,
  chatCompletion,
  type RecordedRequest,
  type ScriptedUpstream,
  startScriptedUpstream,
} from './support/scripted-upstream.js';

const claudeBinary = findClaudeBinary();
const README = new URL('../../../README.md', import.meta.url);
const UNRECOGNISED = /doesn't recognize the model|isn't recognized/i;
const ANSWER = 'snippet works';

/** The lines of the banner's bash block, as a user copies them from the terminal. */
function bannerBash(banner: string): string {
  const lines = banner.split('\n');
  const start = lines.indexOf('Claude Code, bash/zsh:') + 1;
  const end = lines.indexOf('claude', start);
  return lines.slice(start, end + 1).join('\n');
}

/** The README's first bash block under "Connecting Claude Code". */
function readmeBash(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Connecting Claude Code'));
  return /```bash\n([\s\S]*?)\n```/.exec(section)![1]!;
}

describe.runIf(claudeBinary)('Claude Code snippets, pasted as printed', { timeout: 180_000 }, () => {
  let upstream: ScriptedUpstream;
  let gateway: Gateway;
  let dataDir: string;
  let banner = '';
  let home: string;
  let bin: string;

  beforeAll(async () => {
    upstream = await startScriptedUpstream();
    upstream.setDefault((request: RecordedRequest) => {
      const body = request.body as { stream?: boolean };
      return body.stream
        ? { sse: chatChunks({ content: ANSWER }) }
        : { json: chatCompletion({ content: ANSWER }) };
    });
    dataDir = mkdtempSync(join(tmpdir(), 'aurora-snippets-'));
    // No master key configured: the gateway generates one and prints the banner, as on a first start.
    const config = configSchema.parse({
      port: 0,
      host: '127.0.0.1',
      data_dir: dataDir,
      log_level: 'silent',
      providers: [{ name: 'scripted', kind: 'openai', base_url: upstream.url, api_key: 'sk-upstream' }],
      aliases: [
        { name: 'my-alias', provider: 'scripted', model: 'm', context_window: 128_000 },
        { name: 'coder', provider: 'scripted', model: 'c', context_window: 64_000, max_output_tokens: 8192 },
        { name: 'claude-haiku-*', provider: 'scripted', model: 'h' },
      ],
    });
    gateway = await startGateway(config, {
      logger: pino({ level: 'silent' }),
      print: (text) => {
        banner += text;
      },
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'aurora-snippet-home-'));
    // `claude` on PATH, as after installing it.
    bin = join(home, 'bin');
    mkdirSync(bin);
    symlinkSync(claudeBinary!, join(bin, 'claude'));
    upstream.requests.length = 0;
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const baseUrl = () => `http://127.0.0.1:${gateway.port}`;
  const admin = () => adminApi(baseUrl(), gateway.masterKey);
  const aliasList = async () => (await admin()('GET', '/aliases')).body.data;

  /** Runs a bash snippet as pasted, its last line `claude` given a prompt so that it runs once. */
  function runBash(snippet: string): Promise<ClaudeRun> {
    expect(snippet.split('\n').at(-1)).toBe('claude');
    const script = `${snippet} -p 'Say hi.'`;
    return runClaudeProcess(['bash', '-c', script], {
      cwd: home,
      home,
      env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    });
  }

  /** Puts a settings.json snippet where Claude Code reads it, and runs Claude Code with nothing else set. */
  function runWithSettings(settings: string): Promise<ClaudeRun> {
    // A HOME of its own, even after a bash run in this test.
    const fresh = mkdtempSync(join(home, 'home-'));
    mkdirSync(join(fresh, '.claude'));
    writeFileSync(join(fresh, '.claude', 'settings.json'), settings);
    return runClaudeProcess([claudeBinary!, '-p', 'Say hi.'], { cwd: fresh, home: fresh, env: {} });
  }

  function expectWorks(run: ClaudeRun, model: string): void {
    expect(run.timedOut, run.stderr).toBe(false);
    expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);
    expect(run.stderr).not.toMatch(UNRECOGNISED);
    const models = upstream.requests.map((request) => (request.body as { model: string }).model);
    expect(models[0], 'the first message went to the snippet model').toBe(model);
  }

  it('the first-start banner (bash and settings.json) names the first alias with its window', async () => {
    const bash = bannerBash(banner);
    expect(bash).toContain(`export ANTHROPIC_AUTH_TOKEN='${gateway.masterKey}'`);
    expect(bash).toContain("export CLAUDE_CODE_AUTO_COMPACT_WINDOW='128000'");
    expectWorks(await runBash(bash), 'm');

    upstream.requests.length = 0;
    const settings = banner.slice(banner.indexOf('Claude Code, ~/.claude/settings.json:') + 37).trim();
    expectWorks(await runWithSettings(settings), 'm');
  });

  it("the key dialog's snippet uses an alias the new key may use", async () => {
    const created = await admin()('POST', '/keys', {
      name: 'laptop',
      allowed_aliases: ['coder', 'claude-*'],
    });
    expect(created.status).toBe(201);
    const env: EnvEntry[] = claudeCodeEnv({
      baseUrl: baseUrl(),
      token: created.body.key,
      aliases: await aliasList(),
      allowedAliases: created.body.allowed_aliases,
    });
    expect(Object.fromEntries(env)).toMatchObject({
      ANTHROPIC_MODEL: 'coder',
      CLAUDE_CODE_AUTO_COMPACT_WINDOW: '64000',
    });
    expectWorks(await runBash(bashSnippet(env)), 'c');
  });

  it("the Connect page's snippet uses the chosen alias", async () => {
    const env = claudeCodeEnv({
      baseUrl: baseUrl(),
      token: gateway.masterKey,
      aliases: await aliasList(),
      model: 'coder',
    });
    expectWorks(await runWithSettings(settingsJsonSnippet(env)), 'c');
  });

  it("the README's snippet is what the module prints, and works once its placeholders are filled in", async () => {
    const readme = readmeBash();
    expect(readme).toBe(
      bashSnippet(
        claudeCodeEnv({
          baseUrl: 'http://localhost:8080',
          token: '<master key or an Aurora API key>',
          aliases: [{ name: 'my-alias', context_window: 128_000 }],
        }),
      ),
    );
    const pasted = readme
      .replace('http://localhost:8080', baseUrl())
      .replace('<master key or an Aurora API key>', gateway.masterKey);
    expectWorks(await runBash(pasted), 'm');
  });
});
