/**
 * An operator's first day, end to end in Debian's Chromium: sign in, add a provider first (the empty
 * Models page asks for one), create an alias from the provider's model list with its limits filled
 * from the model catalog, create keys, run the real Claude Code CLI in `-p` mode with the Connect
 * page's snippet, then find its requests, a revoked key's 401 and a rate-limited 429 in Logs (each
 * opened), and a cost above zero on Usage.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClaudeBinary, runClaudeProcess } from '../../gateway/test/support/claude-cli.js';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway } from '../../gateway/test/support/gateway.js';
import {
  chatChunks,
  chatCompletion,
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../../gateway/test/support/scripted-upstream.js';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const PROVIDER = 'deepseek-like';
// A model the catalog knows (128K context, 8K output, $0.56 / $1.68 per million tokens).
const MODEL = 'deepseek-chat';
const CC_KEY = 'claude-laptop';
const LIMITED_KEY = 'one-a-minute';
const REVOKED_KEY = 'leaked';
// Pages and the CLI are slow on a loaded machine: generous limits, conditions rather than sleeps.
const SLOW = { timeout: 240_000 };

const claudeBinary = findClaudeBinary();

let gateway: TestGateway;
let upstream: ScriptedUpstream;
let browser: Browser;
const keys: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [gateway, upstream, browser] = await Promise.all([
    startTestGateway('pglite'),
    startScriptedUpstream({ models: [MODEL, 'deepseek-reasoner'] }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    }),
  ]);
  // Every model call is answered with usage large enough for a visible cost.
  upstream.setDefault((request) => {
    const body = request.body as { stream?: boolean };
    const script = {
      content: 'Hello from the scripted model.',
      usage: { prompt_tokens: 20_000, completion_tokens: 400 },
    };
    return body.stream ? { sse: chatChunks(script) } : { json: chatCompletion(script) };
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([gateway?.stop(), upstream?.close()]);
});

/** Signed in through the login form: what a first visit does. */
let session: { page: Page } | undefined;
async function page(): Promise<Page> {
  if (session) return session.page;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const opened = await context.newPage();
  opened.setDefaultTimeout(30_000);
  session = { page: opened };
  return opened;
}

async function go(path: string): Promise<Page> {
  const current = await page();
  await current.goto(`${gateway.url}${path}`);
  return current;
}

const shot = async (name: string) =>
  (await page()).screenshot({ path: `${artifacts}day-${name}.png`, fullPage: true });

function callMessages(token: string) {
  return fetch(`${gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }),
  });
}

/** Request logs are written in batches: reload until the row is there. */
async function reloadUntilVisible(current: Page, locator: Locator) {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      await locator.first().waitFor({ timeout: 2_000 });
      return;
    } catch {
      await current.reload();
    }
  }
  await locator.first().waitFor();
}

/** The `export NAME='value'` lines of the bash snippet, as an environment. */
function envFromSnippet(snippet: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of snippet.matchAll(/^export (\w+)='([^']*)'$/gm)) env[match[1]!] = match[2]!;
  return env;
}

describe('an operator’s first day in Chromium', () => {
  it('signs in, is sent to add a provider first, and adds one', SLOW, async () => {
    const current = await go('/ui/');
    await current.getByLabel('Master key').fill(TEST_MASTER_KEY);
    await current.getByRole('button', { name: 'Sign in' }).click();
    await current.getByText('Start with a provider', { exact: true }).waitFor();
    await shot('empty-models');
    await current.getByRole('button', { name: 'Add a provider' }).click();
    const dialog = current.getByRole('dialog', { name: 'Add provider' });
    await dialog.getByLabel('Preset').selectOption({ label: 'vLLM' });
    await dialog.getByLabel('Name', { exact: true }).fill(PROVIDER);
    await dialog.getByLabel('Base URL').fill(upstream.url);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });
    await current.getByText('No aliases yet', { exact: true }).waitFor();
  });

  it(
    'creates an alias from the provider’s model list, its limits and prices filled from the catalog',
    SLOW,
    async () => {
      const current = await go('/ui/providers');
      await current.getByRole('button', { name: `Test connection to ${PROVIDER}` }).click();
      await current.getByRole('list', { name: 'Upstream models' }).waitFor();
      await current.getByRole('button', { name: `Create an alias for ${MODEL}` }).click();
      const dialog = current.getByRole('dialog', { name: 'New alias' });
      await expect.poll(() => dialog.getByLabel('Context window').inputValue()).toBe('128000');
      expect(await dialog.getByLabel('Alias name').inputValue()).toBe(MODEL);
      expect(await dialog.getByLabel('Max output tokens').inputValue()).toBe('8192');
      expect(await dialog.getByLabel('Input price (USD per 1M tokens)', { exact: true }).inputValue()).toBe(
        '0.56',
      );
      expect(await dialog.getByLabel('Output price (USD per 1M tokens)', { exact: true }).inputValue()).toBe(
        '1.68',
      );
      expect(await dialog.getByLabel('Cached input price (USD per 1M tokens)').inputValue()).toBe('0.07');
      await shot('alias-from-catalog');
      await dialog.getByRole('button', { name: 'Create alias' }).click();
      await dialog.waitFor({ state: 'detached' });

      const models = await go('/ui/models');
      await models.getByRole('rowheader', { name: MODEL }).waitFor();
    },
  );

  it(
    'creates keys: one for Claude Code, one limited to a request a minute, one to revoke',
    SLOW,
    async () => {
      const current = await go('/ui/keys');
      for (const [name, rpm] of [
        [CC_KEY, ''],
        [LIMITED_KEY, '1'],
        [REVOKED_KEY, ''],
      ] as const) {
        await current.getByRole('button', { name: 'Create key' }).first().click();
        const form = current.getByRole('dialog', { name: 'Create API key' });
        await form.getByLabel('Name').fill(name);
        if (rpm) await form.getByLabel('Requests per minute').fill(rpm);
        await form.getByRole('button', { name: 'Create key' }).click();
        const created = current.getByRole('dialog', { name: `Key “${name}” created` });
        keys[name] = await created.getByLabel('New API key').inputValue();
        await created.getByRole('button', { name: 'Done' }).click();
        await created.waitFor({ state: 'detached' });
      }
      await current.getByRole('button', { name: `Revoke ${REVOKED_KEY}` }).click();
      await current
        .getByRole('dialog', { name: `Revoke ${REVOKED_KEY}?` })
        .getByRole('button', { name: 'Revoke key' })
        .click();
      await current
        .getByRole('row', { name: new RegExp(REVOKED_KEY) })
        .getByText('revoked', { exact: true })
        .waitFor();

      expect((await callMessages(keys[REVOKED_KEY]!)).status).toBe(401);
      expect((await callMessages(keys[LIMITED_KEY]!)).status).toBe(200);
      expect((await callMessages(keys[LIMITED_KEY]!)).status).toBe(429);
    },
  );

  it.runIf(claudeBinary)('runs Claude Code -p with the Connect page’s snippet', SLOW, async () => {
    const current = await go('/ui/connect');
    await current.getByLabel('Model', { exact: true }).selectOption(MODEL);
    await current.getByRole('textbox', { name: 'API key' }).fill(keys[CC_KEY]!);
    const snippet =
      (await current.getByRole('figure', { name: 'bash / zsh' }).locator('code').textContent()) ?? '';
    const env = envFromSnippet(snippet);
    expect(env).toMatchObject({ ANTHROPIC_AUTH_TOKEN: keys[CC_KEY], ANTHROPIC_MODEL: MODEL });
    // The catalog's context window reached the snippet, so Claude Code compacts in time.
    expect(env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('128000');
    await shot('connect');

    const home = mkdtempSync(join(tmpdir(), 'aurora-day-home-'));
    try {
      const run = await runClaudeProcess([claudeBinary!, '-p', 'Say hello.'], {
        cwd: home,
        home,
        env,
        timeoutMs: 180_000,
      });
      expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('Hello from the scripted model.');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it(
    'shows Claude Code’s requests, the revoked key’s 401 and the 429 in Logs, each with its details',
    SLOW,
    async () => {
      const current = await go('/ui/logs');
      const log = current.getByRole('region', { name: 'Request log' });
      // Cells run together in a row's text: a status is matched as its own badge.
      const withStatus = (status: number) =>
        log.getByRole('row').filter({ has: current.getByText(String(status), { exact: true }) });

      await reloadUntilVisible(current, withStatus(429));
      await withStatus(429).first().click();
      let details = current.getByRole('dialog', { name: 'Request details' });
      await details.getByText('This API key is limited to 1 requests per minute', { exact: false }).waitFor();
      await details.getByText(/^req_/).waitFor();
      await shot('log-429');
      await details.getByRole('button', { name: 'Close' }).click();

      await withStatus(401).first().click();
      details = current.getByRole('dialog', { name: 'Request details' });
      await details.getByText('This API key has been revoked').first().waitFor();
      await details.getByText(REVOKED_KEY).waitFor();
      await shot('log-401');
      await details.getByRole('button', { name: 'Close' }).click();

      if (claudeBinary) {
        const claudeRows = withStatus(200).filter({ hasText: CC_KEY });
        await reloadUntilVisible(current, claudeRows);
        await claudeRows.first().click();
        details = current.getByRole('dialog', { name: 'Request details' });
        // Claude Code names its session; the detail view offers to narrow the log to it.
        await details.getByRole('button', { name: 'Show this session' }).waitFor();
        const tried = details.getByRole('table');
        await tried.getByText(`${PROVIDER} · ${MODEL}`).waitFor();
        await details.getByText('Anthropic Messages, streamed').waitFor();
        await shot('log-claude-code');
        await details.getByRole('button', { name: 'Show this session' }).click();
        await expect.poll(() => current.getByLabel('Session id').inputValue()).not.toBe('');
        // The unfiltered rows stay on screen until the session's page arrives: wait for it to replace them.
        await expect.poll(() => withStatus(429).count(), { timeout: 30_000 }).toBe(0);
        await claudeRows.first().waitFor();
      }
    },
  );

  it('shows a cost above zero on Usage, refusals counted apart', SLOW, async () => {
    const current = await go('/ui/usage');
    const totals = current.getByRole('region', { name: 'Totals' });
    const cost = totals.locator('.stat').filter({ hasText: 'Cost' }).locator('.stat-value');
    await expect
      .poll(async () => Number((await cost.textContent())?.replace('$', '')), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const refused = totals.locator('.stat').filter({ hasText: 'Refused' }).locator('.stat-value');
    expect(Number(await refused.textContent())).toBeGreaterThanOrEqual(2);
    await shot('usage');
  });
});
