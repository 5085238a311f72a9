import { describe, expect, it } from 'vitest';
import { bashSnippet, claudeCodeEnv, powerShellSnippet, settingsJsonSnippet } from './claude-code.js';

const fullSettings = {
  baseUrl: 'https://gw.example.com',
  token: 'sk-aurora-abc',
  model: 'my-alias',
  opusModel: 'big',
  sonnetModel: 'mid',
  haikuModel: 'small',
  subagentModel: 'small',
  autoCompactWindow: 128000,
  maxOutputTokens: 8192,
};

describe('claudeCodeEnv', () => {
  it('lists every variable Claude Code reads, in a stable order', () => {
    expect(claudeCodeEnv(fullSettings)).toEqual([
      ['ANTHROPIC_BASE_URL', 'https://gw.example.com'],
      ['ANTHROPIC_AUTH_TOKEN', 'sk-aurora-abc'],
      ['ANTHROPIC_MODEL', 'my-alias'],
      ['ANTHROPIC_DEFAULT_OPUS_MODEL', 'big'],
      ['ANTHROPIC_DEFAULT_SONNET_MODEL', 'mid'],
      ['ANTHROPIC_DEFAULT_HAIKU_MODEL', 'small'],
      ['CLAUDE_CODE_SUBAGENT_MODEL', 'small'],
      ['CLAUDE_CODE_AUTO_COMPACT_WINDOW', '128000'],
      ['CLAUDE_CODE_MAX_OUTPUT_TOKENS', '8192'],
    ]);
  });

  it('leaves out what was not chosen', () => {
    expect(claudeCodeEnv({ baseUrl: 'http://localhost:8080', token: 't', model: '' })).toEqual([
      ['ANTHROPIC_BASE_URL', 'http://localhost:8080'],
      ['ANTHROPIC_AUTH_TOKEN', 't'],
    ]);
  });
});

describe('snippets', () => {
  const env = claudeCodeEnv({ baseUrl: 'http://localhost:8080', token: "k'$x", model: 'm' });

  it('quotes bash values so that $ and quotes stay literal', () => {
    expect(bashSnippet(env)).toBe(
      [
        "export ANTHROPIC_BASE_URL='http://localhost:8080'",
        `export ANTHROPIC_AUTH_TOKEN='k'\\''$x'`,
        "export ANTHROPIC_MODEL='m'",
        'claude',
      ].join('\n'),
    );
  });

  it('writes PowerShell assignments with doubled single quotes', () => {
    expect(powerShellSnippet(env)).toBe(
      [
        "$env:ANTHROPIC_BASE_URL = 'http://localhost:8080'",
        "$env:ANTHROPIC_AUTH_TOKEN = 'k''$x'",
        "$env:ANTHROPIC_MODEL = 'm'",
        'claude',
      ].join('\n'),
    );
  });

  it('writes settings.json with string values under env', () => {
    const parsed = JSON.parse(settingsJsonSnippet(claudeCodeEnv(fullSettings)));
    expect(parsed.env.ANTHROPIC_MODEL).toBe('my-alias');
    expect(parsed.env.CLAUDE_CODE_AUTO_COMPACT_WINDOW).toBe('128000');
  });
});
