/**
 * Claude Code reads its gateway, token and model names from environment variables (docs/claude-code.md);
 * these build the same settings for each place a user can put them.
 */

export interface ClaudeCodeSettings {
  baseUrl: string;
  token: string;
  /** ANTHROPIC_MODEL: the alias Claude Code uses by default. */
  model?: string;
  opusModel?: string;
  sonnetModel?: string;
  haikuModel?: string;
  subagentModel?: string;
  /** The main alias's context window: Claude Code compacts before the model's limit, not Claude's. */
  autoCompactWindow?: number;
  /** The main alias's output limit, so Claude Code never asks for more than the model can give. */
  maxOutputTokens?: number;
}

export type EnvEntry = [name: string, value: string];

export function claudeCodeEnv(settings: ClaudeCodeSettings): EnvEntry[] {
  const candidates: [string, string | number | undefined][] = [
    ['ANTHROPIC_BASE_URL', settings.baseUrl],
    ['ANTHROPIC_AUTH_TOKEN', settings.token],
    ['ANTHROPIC_MODEL', settings.model],
    ['ANTHROPIC_DEFAULT_OPUS_MODEL', settings.opusModel],
    ['ANTHROPIC_DEFAULT_SONNET_MODEL', settings.sonnetModel],
    ['ANTHROPIC_DEFAULT_HAIKU_MODEL', settings.haikuModel],
    ['CLAUDE_CODE_SUBAGENT_MODEL', settings.subagentModel],
    ['CLAUDE_CODE_AUTO_COMPACT_WINDOW', settings.autoCompactWindow],
    ['CLAUDE_CODE_MAX_OUTPUT_TOKENS', settings.maxOutputTokens],
  ];
  return candidates.flatMap(([name, value]) =>
    value === undefined || value === '' ? [] : [[name, String(value)] as EnvEntry],
  );
}

/** Single quotes keep `$`, backticks and `!` literal in bash; a quote itself is closed, escaped, reopened. */
function bashQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** PowerShell single-quoted strings are literal; a quote inside is written twice. */
function powerShellQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function bashSnippet(env: EnvEntry[]): string {
  return `${env.map(([name, value]) => `export ${name}=${bashQuote(value)}`).join('\n')}\nclaude`;
}

export function powerShellSnippet(env: EnvEntry[]): string {
  return `${env.map(([name, value]) => `$env:${name} = ${powerShellQuote(value)}`).join('\n')}\nclaude`;
}

/** The `env` block of ~/.claude/settings.json; Claude Code wants every value as a string. */
export function settingsJsonSnippet(env: EnvEntry[]): string {
  return JSON.stringify({ env: Object.fromEntries(env) }, null, 2);
}
