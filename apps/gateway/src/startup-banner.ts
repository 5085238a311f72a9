import { bashSnippet, claudeCodeEnv, powerShellSnippet, settingsJsonSnippet } from '@aurora/contract';

/** Printed once, when a master key was generated: the only time the key is shown. */
export function masterKeyBanner(masterKey: string, keyPath: string, baseUrl: string): string {
  const settings = claudeCodeEnv({ baseUrl, token: masterKey, model: 'my-alias' });
  return [
    '',
    '=== Aurora Gateway: a master key was generated ===',
    `Master key: ${masterKey}`,
    `Stored in ${keyPath} (mode 0600). It is not printed again; set AURORA_MASTER_KEY to choose your own.`,
    `Admin UI: ${baseUrl}/ui/  (log in with the master key; create an alias named my-alias on the Models page)`,
    '',
    'Claude Code, bash/zsh:',
    bashSnippet(settings),
    '',
    'Claude Code, PowerShell:',
    powerShellSnippet(settings),
    '',
    'Claude Code, ~/.claude/settings.json:',
    settingsJsonSnippet(settings),
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
