/** Ready-to-paste Claude Code settings (SPEC §1) for a base URL, token and optional alias. */
export interface ClaudeCodeSettings {
  baseUrl: string;
  token: string;
  model?: string;
}

function envEntries({ baseUrl, token, model }: ClaudeCodeSettings): [string, string][] {
  const entries: [string, string][] = [
    ['ANTHROPIC_BASE_URL', baseUrl],
    ['ANTHROPIC_AUTH_TOKEN', token],
  ];
  if (model) entries.push(['ANTHROPIC_MODEL', model]);
  return entries;
}

export function bashSnippet(settings: ClaudeCodeSettings): string {
  return envEntries(settings)
    .map(([name, value]) => `export ${name}="${value}"`)
    .join('\n');
}

export function powerShellSnippet(settings: ClaudeCodeSettings): string {
  return envEntries(settings)
    .map(([name, value]) => `$env:${name} = "${value}"`)
    .join('\n');
}

export function settingsJsonSnippet(settings: ClaudeCodeSettings): string {
  return JSON.stringify({ env: Object.fromEntries(envEntries(settings)) }, null, 2);
}
