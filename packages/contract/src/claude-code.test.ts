import { describe, expect, it } from 'vitest';
import {
  bashSnippet,
  claudeCodeEnv,
  powerShellSnippet,
  settingsJsonSnippet,
  snippetModel,
} from './claude-code.js';

const base = { baseUrl: 'https://gw.example.com', token: 'sk-aurora-abc' };
const main = { name: 'main', context_window: 200_000, max_output_tokens: 8192 };
const small = { name: 'small', context_window: 32_000 };
const globs = [{ name: 'claude-opus-*' }, { name: 'claude-haiku-*' }, { name: 'claude-*' }];

describe('claudeCodeEnv', () => {
  it('names the chosen alias with its window and output limit, and lets Claude Code list the aliases', () => {
    expect(claudeCodeEnv({ ...base, aliases: [main, small], model: 'small' })).toEqual([
      ['ANTHROPIC_BASE_URL', 'https://gw.example.com'],
      ['ANTHROPIC_AUTH_TOKEN', 'sk-aurora-abc'],
      ['ANTHROPIC_MODEL', 'small'],
      ['ANTHROPIC_DEFAULT_OPUS_MODEL', 'small'],
      ['ANTHROPIC_DEFAULT_SONNET_MODEL', 'small'],
      ['ANTHROPIC_DEFAULT_HAIKU_MODEL', 'small'],
      ['CLAUDE_CODE_AUTO_COMPACT_WINDOW', '32000'],
      ['CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY', '1'],
      ['CLAUDE_CODE_AUTO_MODE_SERVER', '0'],
      ['CLAUDE_CODE_AUTO_MODE_MODEL', 'small'],
    ]);
  });

  it('defaults to the first exact, enabled alias, never a glob', () => {
    const env = Object.fromEntries(
      claudeCodeEnv({ ...base, aliases: [...globs, { name: 'off', enabled: false }, main] }),
    );
    expect(env.ANTHROPIC_MODEL).toBe('main');
    expect(env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('200000');
    expect(env.CLAUDE_CODE_MAX_OUTPUT_TOKENS).toBe('8192');
    expect(snippetModel([{ name: 'gone' }], 'missing')?.name).toBe('gone');
  });

  it("leaves a tier to the glob that catches Claude Code's own id for it", () => {
    const env = Object.fromEntries(claudeCodeEnv({ ...base, aliases: [main, globs[0]!, globs[1]!] }));
    expect(env.ANTHROPIC_DEFAULT_OPUS_MODEL).toBeUndefined();
    expect(env.ANTHROPIC_DEFAULT_HAIKU_MODEL).toBeUndefined();
    // No alias catches claude-sonnet-5-5 here: /model sonnet goes to the main alias instead of failing.
    expect(env.ANTHROPIC_DEFAULT_SONNET_MODEL).toBe('main');
    expect(env.CLAUDE_CODE_AUTO_MODE_MODEL).toBe('main');
  });

  it('sets no tier or classifier model when the catch-all glob answers them', () => {
    const env = Object.fromEntries(claudeCodeEnv({ ...base, aliases: [main, ...globs] }));
    for (const name of [
      'ANTHROPIC_DEFAULT_OPUS_MODEL',
      'ANTHROPIC_DEFAULT_SONNET_MODEL',
      'ANTHROPIC_DEFAULT_HAIKU_MODEL',
      'CLAUDE_CODE_AUTO_MODE_MODEL',
    ]) {
      expect(env[name], name).toBeUndefined();
    }
    expect(env.CLAUDE_CODE_AUTO_MODE_SERVER).toBe('0');
  });

  it("offers only the aliases the key's allow-list reaches", () => {
    const env = Object.fromEntries(
      claudeCodeEnv({ ...base, aliases: [main, small, ...globs], allowedAliases: ['sm*', 'claude-haiku-*'] }),
    );
    expect(env.ANTHROPIC_MODEL).toBe('small');
    expect(env.ANTHROPIC_DEFAULT_HAIKU_MODEL).toBeUndefined();
    expect(env.ANTHROPIC_DEFAULT_OPUS_MODEL).toBe('small');
  });

  it('keeps explicit tier choices', () => {
    const env = Object.fromEntries(
      claudeCodeEnv({
        ...base,
        aliases: [main, small, ...globs],
        haikuModel: 'small',
        subagentModel: 'small',
      }),
    );
    expect(env.ANTHROPIC_DEFAULT_HAIKU_MODEL).toBe('small');
    expect(env.CLAUDE_CODE_SUBAGENT_MODEL).toBe('small');
  });

  it("leaves auto mode's checks to a gateway that has a judge", () => {
    const env = Object.fromEntries(claudeCodeEnv({ ...base, aliases: [main], gatewayChecksAutoMode: true }));
    expect(env.CLAUDE_CODE_AUTO_MODE_SERVER).toBeUndefined();
    expect(env.CLAUDE_CODE_AUTO_MODE_MODEL).toBeUndefined();
  });

  it('still names a model, with a cautious window, before any alias exists', () => {
    const env = Object.fromEntries(claudeCodeEnv({ ...base, aliases: [], model: 'my-alias' }));
    expect(env.ANTHROPIC_MODEL).toBe('my-alias');
    expect(env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('128000');
  });
});

describe('snippets', () => {
  const env = claudeCodeEnv({ baseUrl: 'http://localhost:8080', token: "k'$x", aliases: [main] }).slice(0, 3);

  it('quotes bash values so that $ and quotes stay literal', () => {
    expect(bashSnippet(env)).toBe(
      [
        "export ANTHROPIC_BASE_URL='http://localhost:8080'",
        `export ANTHROPIC_AUTH_TOKEN='k'\\''$x'`,
        "export ANTHROPIC_MODEL='main'",
        'claude',
      ].join('\n'),
    );
  });

  it('writes PowerShell assignments with doubled single quotes', () => {
    expect(powerShellSnippet(env)).toBe(
      [
        "$env:ANTHROPIC_BASE_URL = 'http://localhost:8080'",
        "$env:ANTHROPIC_AUTH_TOKEN = 'k''$x'",
        "$env:ANTHROPIC_MODEL = 'main'",
        'claude',
      ].join('\n'),
    );
  });

  it('writes settings.json with string values under env', () => {
    const parsed = JSON.parse(settingsJsonSnippet(claudeCodeEnv({ ...base, aliases: [main] })));
    expect(parsed.env.ANTHROPIC_MODEL).toBe('main');
    expect(parsed.env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('200000');
  });
});
