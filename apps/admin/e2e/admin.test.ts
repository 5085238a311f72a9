/**
 * The admin UI against a real gateway (PGlite, serving the production build from apps/admin/dist)
 * and a scripted OpenAI-compatible upstream, driven in Debian's Chromium. The tests walk one
 * operator's first session in order, so each builds on what the previous one created.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_MASTER_KEY, type TestGateway } from '../../gateway/test/support/gateway.js';
import {
  type ScriptedUpstream,
  startScriptedUpstream,
} from '../../gateway/test/support/scripted-upstream.js';
import { MASTER_KEY_STORAGE_KEY } from '../src/session.js';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const PROVIDER = 'scripted';
const ALIAS = 'e2e-echo';
const KEY_NAME = 'e2e-laptop';
const EDITED_KEY_NAME = 'e2e-ci';
const UPSTREAM_MODEL = 'scripted-model';

let gateway: TestGateway;
let upstream: ScriptedUpstream;
let browser: Browser;
/** The managed key created in the UI, read from its dialog, for the Connect test. */
let createdKey = '';

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  [gateway, upstream, browser] = await Promise.all([
    startTestGateway('pglite'),
    startScriptedUpstream({ models: [UPSTREAM_MODEL, 'scripted-large'] }),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      // Playwright gives every launch a fresh temporary profile (user-data dir) of its own.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([gateway?.stop(), upstream?.close()]);
});

/**
 * A new page in a context of its own. Signed in, the master key is put where the login page would put
 * it, so that only the login test goes through the form.
 */
async function openPage(
  path: string,
  { signedIn = true, ...options }: BrowserContextOptions & { signedIn?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  if (signedIn) {
    await context.addInitScript(
      ([name, key]) => sessionStorage.setItem(name as string, key as string),
      [MASTER_KEY_STORAGE_KEY, TEST_MASTER_KEY],
    );
  }
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${gateway.url}${path}`);
  return page;
}

async function finish(page: Page, name: string) {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
  await page.context().close();
}

/** The error text tied to a control through aria-describedby, as a screen reader announces it. */
async function describedBy(control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const page = control.page();
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

function callMessages(token: string, model = ALIAS) {
  return fetch(`${gateway.url}/v1/messages`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ model, max_tokens: 64, messages: [{ role: 'user', content: 'ping from e2e' }] }),
  });
}

async function appearsWithin(locator: Locator, timeout: number): Promise<boolean> {
  try {
    await locator.waitFor({ timeout });
    return true;
  } catch {
    return false;
  }
}

/**
 * Request logs are written in batches off the hot path: reload until the page shows what it should.
 * `choose` sets the page's controls again after each reload, as they live in no URL.
 */
async function reloadUntilVisible(page: Page, locator: Locator, choose = async () => {}) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await choose();
    if (await appearsWithin(locator, 1_000)) return;
    await page.reload();
  }
  await locator.waitFor();
}

describe('admin UI in Chromium', () => {
  it('refuses a wrong master key at the field and signs in with the right one', async () => {
    const page = await openPage('/', { signedIn: false });
    const masterKey = page.getByLabel('Master key');
    await masterKey.fill('sk-aurora-not-the-master-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => masterKey.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(masterKey)).toContain('That is not the master key of this gateway.');

    await masterKey.fill(TEST_MASTER_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Models' }).waitFor();
    expect(page.url()).toBe(`${gateway.url}/ui/`);
    await finish(page, 'login');
  });

  it('adds a provider from a preset and lists its models with Test connection', async () => {
    const page = await openPage('/ui/providers');
    await page.getByRole('button', { name: 'Add provider' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add provider' });
    await dialog.getByLabel('Preset').selectOption({ label: 'vLLM' });
    expect(await dialog.getByLabel('Base URL').inputValue()).not.toBe('');
    await dialog.getByLabel('Name', { exact: true }).fill(PROVIDER);
    await dialog.getByLabel('Base URL').fill(upstream.url);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Test connection to ${PROVIDER}` }).click();
    const models = page.getByRole('list', { name: 'Upstream models' });
    await models.waitFor();
    expect((await models.getByRole('listitem').locator('.mono').allInnerTexts()).sort()).toEqual([
      'scripted-large',
      UPSTREAM_MODEL,
    ]);
    // Each listed model offers its own alias in one click.
    await models.getByRole('button', { name: `Create an alias for ${UPSTREAM_MODEL}` }).waitFor();
    await finish(page, 'provider-test-connection');
  });

  it('creates an alias whose Try it shows the upstream answer', async () => {
    const page = await openPage('/ui/models');
    await page.getByRole('button', { name: 'New alias' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New alias' });
    await dialog.getByLabel('Alias name').fill(ALIAS);
    await dialog.getByLabel('Provider', { exact: true }).selectOption(PROVIDER);
    await dialog.getByLabel('Target model').fill(UPSTREAM_MODEL);
    await dialog.getByLabel('Context window').fill('128000');
    await dialog.getByRole('button', { name: 'Create alias' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Try ${ALIAS}` }).click();
    const tryIt = page.getByRole('dialog', { name: `Try ${ALIAS}` });
    await tryIt.getByLabel('Message').fill('hello through aurora');
    await tryIt.getByRole('button', { name: 'Send message' }).click();
    const answer = tryIt.getByRole('region', { name: 'Answer' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('echo: hello through aurora');
    await finish(page, 'alias-try-it');
  });

  it('creates a key that works until it is revoked in the UI', async () => {
    const page = await openPage('/ui/keys');
    await page.getByRole('button', { name: 'Create key' }).first().click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name').fill(KEY_NAME);
    await form.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('dialog', { name: `Key “${KEY_NAME}” created` });
    createdKey = await created.getByLabel('New API key').inputValue();
    expect(createdKey).toMatch(/^sk-aurora-/);

    expect((await callMessages(createdKey)).status).toBe(200);

    await created.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    await page
      .getByRole('dialog', { name: `Revoke ${KEY_NAME}?` })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await page
      .getByRole('row', { name: new RegExp(KEY_NAME) })
      .getByText('revoked', { exact: true })
      .waitFor();

    const refused = await callMessages(createdKey);
    expect(refused.status).toBe(401);
    await finish(page, 'key-create-revoke');
  });

  it('edits a key’s rate limit and lifts its expiry, and the gateway stores both', async () => {
    const adminKeys = `${gateway.url}/admin/api/keys`;
    const headers = { authorization: `Bearer ${TEST_MASTER_KEY}`, 'content-type': 'application/json' };
    const createdResponse = await fetch(adminKeys, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: EDITED_KEY_NAME, expires_at: '2030-06-01T12:00:00Z', rpm_limit: 30 }),
    });
    expect(createdResponse.status).toBe(201);
    const { id } = (await createdResponse.json()) as { id: string };

    const page = await openPage('/ui/keys');
    // A revoked key can no longer be edited.
    await page.getByRole('button', { name: `Revoke ${EDITED_KEY_NAME}` }).waitFor();
    expect(await page.getByRole('button', { name: `Edit ${KEY_NAME}` }).count()).toBe(0);

    await page.getByRole('button', { name: `Edit ${EDITED_KEY_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${EDITED_KEY_NAME}` });
    const rpm = dialog.getByLabel('Requests per minute');
    expect(await rpm.inputValue()).toBe('30');
    expect(await dialog.getByLabel('Expires on').inputValue()).toMatch(/^2030-06-0[12]$/);

    await rpm.fill('fast');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => rpm.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(rpm)).toContain('Enter a number');

    await rpm.fill('120');
    await dialog.getByLabel('Expires on').fill('');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: new RegExp(EDITED_KEY_NAME) });
    await row.getByText('120 rpm').waitFor();

    const stored = await fetch(`${adminKeys}/${id}`, { headers });
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ name: EDITED_KEY_NAME, rpm_limit: 120, expires_at: null });
    await finish(page, 'key-edit');
  });

  it('shows those requests on the Usage and Logs pages', async () => {
    const usage = await openPage('/ui/usage');
    const usageTable = usage.getByRole('region', { name: 'Usage table' });
    await reloadUntilVisible(usage, usageTable.getByRole('rowheader', { name: KEY_NAME }), async () => {
      await usage.getByLabel('Group by').selectOption({ label: 'API key' });
    });
    await finish(usage, 'usage');

    const logs = await openPage('/ui/logs');
    const log = logs.getByRole('region', { name: 'Request log' });
    const keyRequest = log.getByRole('row').filter({ hasText: KEY_NAME }).filter({ hasText: ALIAS });
    await reloadUntilVisible(logs, keyRequest.first());
    expect(await keyRequest.first().textContent()).toContain('200');

    // The status class filter is answered by the gateway: a 4xx view holds no successful request.
    await logs.getByLabel('Status').selectOption({ label: 'Client errors (4xx)' });
    await expect
      .poll(() =>
        log
          .getByRole('row')
          .filter({ hasText: /\b200\b/ })
          .count(),
      )
      .toBe(0);
    await logs.getByRole('button', { name: 'Clear filters' }).click();
    await keyRequest.first().waitFor();
    await finish(logs, 'logs');
  });

  it('renders Connect snippets with the chosen alias and key', async () => {
    const page = await openPage('/ui/connect');
    await page.getByLabel('Model', { exact: true }).selectOption(ALIAS);
    await page.getByRole('textbox', { name: 'API key' }).fill(createdKey);
    for (const snippet of ['bash / zsh', 'PowerShell', 'settings.json']) {
      const code = await page.getByRole('figure', { name: snippet }).locator('code').textContent();
      expect(code, snippet).toContain(ALIAS);
      expect(code, snippet).toContain(createdKey);
      expect(code, snippet).toContain('128000');
    }
    await finish(page, 'connect');
  });

  it('clears an alias limit by emptying its field', async () => {
    const page = await openPage('/ui/models');
    await page.getByRole('button', { name: `Edit ${ALIAS}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${ALIAS}` });
    await dialog.getByLabel('Context window').fill('');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: new RegExp(`^${ALIAS}`) });
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe('—');
    await finish(page, 'alias-edit-clear');
  });

  it('creates the Claude Code glob aliases from the tiers form', async () => {
    const page = await openPage('/ui/models');
    await page.getByRole('button', { name: 'Claude Code tiers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Claude Code tiers' });
    await dialog.getByLabel('Haiku provider').selectOption(PROVIDER);
    await dialog.getByLabel('Haiku model').fill(UPSTREAM_MODEL);
    await dialog.getByLabel('Any other Claude model provider').selectOption(PROVIDER);
    await dialog.getByLabel('Any other Claude model model').fill('scripted-large');
    await dialog.getByRole('button', { name: 'Save 2 aliases' }).click();
    await dialog.waitFor({ state: 'detached' });

    const aliases = page.getByRole('region', { name: 'Aliases' });
    await aliases.getByRole('rowheader', { name: /^claude-haiku-\*/ }).waitFor();
    await aliases.getByRole('rowheader', { name: /^claude-\*/ }).waitFor();
    // What Claude Code's Explore agent asks for reaches the Haiku target: the more specific glob wins.
    expect((await callMessages(TEST_MASTER_KEY, 'claude-haiku-4-5-20251001')).status).toBe(200);
    expect(upstream.requests.at(-1)?.body).toMatchObject({ model: UPSTREAM_MODEL });
    await finish(page, 'claude-code-tiers');
  });

  it('works at 390 px wide in dark mode', async () => {
    const page = await openPage('/ui/models', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.getByRole('rowheader', { name: ALIAS, exact: true }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [red = 255, green = 255, blue = 255] = background.match(/\d+/g)?.map(Number) ?? [];
    expect(red + green + blue, background).toBeLessThan(3 * 80);
    // Nothing may force sideways scrolling of the page itself; wide tables scroll in their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    await finish(page, 'mobile-dark');
  });
});
