import {
  bashSnippet,
  claudeCodeEnv,
  powerShellSnippet,
  type SnippetAlias,
  settingsJsonSnippet,
} from '@aurora/contract';

export interface BannerFacts {
  masterKey: string;
  keyPath: string;
  baseUrl: string;
  /** Every alias at start (config as code may have made some), in creation order. */
  aliases: readonly SnippetAlias[];
  /** The gateway answers auto mode's checks with a judge. */
  autoModeJudge: boolean;
}

/** The alias the banner asks for when none exists yet; the text says to create it. */
const FIRST_ALIAS = 'my-alias';

/** Printed once, when a master key was generated: the only time the key is shown. */
export function masterKeyBanner(facts: BannerFacts): string {
  const env = claudeCodeEnv({
    baseUrl: facts.baseUrl,
    token: facts.masterKey,
    aliases: facts.aliases,
    model: FIRST_ALIAS,
    gatewayChecksAutoMode: facts.autoModeJudge,
  });
  const model = env.find(([name]) => name === 'ANTHROPIC_MODEL')?.[1];
  const aliasHint =
    model === FIRST_ALIAS && !facts.aliases.some((alias) => alias.name === FIRST_ALIAS)
      ? `create an alias named ${FIRST_ALIAS} on the Models page`
      : `the snippets use the alias ${model}`;
  return [
    '',
    '=== Aurora Gateway: a master key was generated ===',
    `Master key: ${facts.masterKey}`,
    `Stored in ${facts.keyPath} (mode 0600). It is not printed again; set AURORA_MASTER_KEY to choose your own.`,
    `Admin UI: ${facts.baseUrl}/ui/  (log in with the master key; ${aliasHint})`,
    '',
    'Claude Code, bash/zsh:',
    bashSnippet(env),
    '',
    'Claude Code, PowerShell:',
    powerShellSnippet(env),
    '',
    'Claude Code, ~/.claude/settings.json:',
    settingsJsonSnippet(env),
    '',
  ].join('\n');
}

/** Printed at every other start: where the UI is and where the master key comes from. */
export function restartLine(baseUrl: string, keyPath: string | undefined): string {
  const key = keyPath
    ? `the master key is in ${keyPath}`
    : 'the master key is the configured master_key / AURORA_MASTER_KEY';
  return `Aurora Gateway is running at ${baseUrl}. Admin UI: ${baseUrl}/ui/ (${key}).`;
}
