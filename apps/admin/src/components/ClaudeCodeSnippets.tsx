import { bashSnippet, type EnvEntry, powerShellSnippet, settingsJsonSnippet } from '@aurora/contract';
import { CodeBlock } from './CopyButton';

export function ClaudeCodeSnippets({ env }: { env: EnvEntry[] }) {
  return (
    <div className="stack">
      <CodeBlock label="bash / zsh" code={bashSnippet(env)} />
      <CodeBlock label="PowerShell" code={powerShellSnippet(env)} />
      <CodeBlock label="settings.json" code={settingsJsonSnippet(env)} />
    </div>
  );
}
