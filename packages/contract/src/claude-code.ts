import { isGlob, matchesAny } from './model-glob.js';

/**
 * Claude Code reads its gateway, token and model names from environment variables (docs/claude-code.md). This is
 * the one place that decides what a printed snippet sets, so that every snippet (start-up banner, key
 * dialog, Connect page, README) starts Claude Code with a model that exists and the right window.
 */

/** The ids Claude Code 2.1.332 sends on its own: the default and `/model <tier>` (observed). */
export const claudeCodeTierIds = {
  opus: 'claude-opus-5-5',
  sonnet: 'claude-sonnet-5-5',
  haiku: 'claude-haiku-5-5',
  fable: 'claude-fable-5-2',
} as const;

/** The model Claude Code's own auto-mode classifier asks for when no other is set. */
export const claudeCodeClassifierId = 'claude-sonnet-5';

/** Assumed when an alias has no context window: small enough that Claude Code compacts in time. */
export const FALLBACK_CONTEXT_WINDOW = 128_000;

/** What the snippet needs to know about an alias. */
export interface SnippetAlias {
  name: string;
  context_window?: number | null;
  max_output_tokens?: number | null;
  enabled?: boolean;
}

export interface ClaudeCodeSetup {
  baseUrl: string;
  token: string;
  /** Every alias, in the order the operator sees them. */
  aliases: readonly SnippetAlias[];
  /** The key's allow-list (names or globs); absent or null: every alias. */
  allowedAliases?: readonly string[] | null;
  /** ANTHROPIC_MODEL; absent or unknown → the first exact alias. */
  model?: string;
  /** Explicit tier choices (Connect page); an unset tier is filled in only when nothing catches its id. */
  opusModel?: string;
  sonnetModel?: string;
  haikuModel?: string;
  subagentModel?: string;
  /**
   * The gateway answers auto mode's checks itself (it has a judge). Unknown or false: Claude Code is
   * told to run its own classifier through the gateway, which works whatever the gateway has.
   */
  gatewayChecksAutoMode?: boolean;
}

export type EnvEntry = [name: string, value: string];

/** Whether a model name reaches one of the aliases, by its exact name or a glob. */
function catches(aliases: readonly SnippetAlias[], name: string): boolean {
  return matchesAny(
    name,
    aliases.map((alias) => alias.name),
  );
}

/** Only exact, enabled aliases can be chosen as a model; globs answer names Claude Code picks itself. */
export function selectableAliases<A extends SnippetAlias>(aliases: readonly A[]): A[] {
  return aliases.filter((alias) => !isGlob(alias.name) && alias.enabled !== false);
}

/** The chosen alias if it can be chosen, else the first one: a snippet always names a model. */
export function snippetModel<A extends SnippetAlias>(
  aliases: readonly A[],
  requested?: string,
): A | undefined {
  const choices = selectableAliases(aliases);
  return choices.find((alias) => alias.name === requested) ?? choices[0];
}

/**
 * The variables of a snippet, in a stable order. Every one that names a model names one the token
 * can reach; tier variables appear when Claude Code's own id for that tier would reach no alias.
 */
export function claudeCodeEnv(setup: ClaudeCodeSetup): EnvEntry[] {
  const allowed = setup.allowedAliases;
  const enabled = setup.aliases.filter(
    (alias) => alias.enabled !== false && (!allowed || matchesAny(alias.name, allowed)),
  );
  const main = snippetModel(enabled, setup.model);
  const model = main?.name ?? setup.model;
  const tier = (chosen: string | undefined, id: string) =>
    chosen || (model && !catches(enabled, id) ? model : undefined);
  const checkedLocally = !setup.gatewayChecksAutoMode;
  const candidates: [string, string | number | undefined][] = [
    ['ANTHROPIC_BASE_URL', setup.baseUrl],
    ['ANTHROPIC_AUTH_TOKEN', setup.token],
    ['ANTHROPIC_MODEL', model],
    ['ANTHROPIC_DEFAULT_OPUS_MODEL', tier(setup.opusModel, claudeCodeTierIds.opus)],
    ['ANTHROPIC_DEFAULT_SONNET_MODEL', tier(setup.sonnetModel, claudeCodeTierIds.sonnet)],
    ['ANTHROPIC_DEFAULT_HAIKU_MODEL', tier(setup.haikuModel, claudeCodeTierIds.haiku)],
    ['CLAUDE_CODE_SUBAGENT_MODEL', setup.subagentModel],
    // An alias is a name Claude Code does not know: without its window it assumes 1M tokens.
    [
      'CLAUDE_CODE_AUTO_COMPACT_WINDOW',
      model ? (main?.context_window ?? FALLBACK_CONTEXT_WINDOW) : undefined,
    ],
    ['CLAUDE_CODE_MAX_OUTPUT_TOKENS', main?.max_output_tokens ?? undefined],
    ['CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY', '1'],
    ['CLAUDE_CODE_AUTO_MODE_SERVER', checkedLocally ? '0' : undefined],
    [
      'CLAUDE_CODE_AUTO_MODE_MODEL',
      checkedLocally && model && !catches(enabled, claudeCodeClassifierId) ? model : undefined,
    ],
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
