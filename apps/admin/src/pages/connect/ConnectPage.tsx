import { claudeCodeEnv, selectableAliases, snippetModel } from '@aurora/contract';
import { useState } from 'react';
import { type Alias, useAliases } from '../../api/aliases';
import { ClaudeCodeSnippets } from '../../components/ClaudeCodeSnippets';
import { Field } from '../../components/Field';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../components/States';
import { handleLinkClick, pathForPage } from '../../router';
import { session } from '../../session';

const TOKEN_PLACEHOLDER = '<your Aurora API key>';

const tierFields = [
  {
    field: 'opusModel',
    label: 'Opus tier',
    hint: 'ANTHROPIC_DEFAULT_OPUS_MODEL: /model opus and plan mode.',
  },
  { field: 'sonnetModel', label: 'Sonnet tier', hint: 'ANTHROPIC_DEFAULT_SONNET_MODEL: /model sonnet.' },
  { field: 'haikuModel', label: 'Haiku tier', hint: 'ANTHROPIC_DEFAULT_HAIKU_MODEL: background tasks.' },
  { field: 'subagentModel', label: 'Sub-agents', hint: 'CLAUDE_CODE_SUBAGENT_MODEL: the Agent tool.' },
] as const;

type TierField = (typeof tierFields)[number]['field'];

function AliasSelect({
  label,
  hint,
  aliases,
  value,
  onChange,
  emptyLabel,
}: {
  label: string;
  hint: string;
  aliases: Alias[];
  value: string;
  onChange: (value: string) => void;
  /** The "nothing chosen" option; without it an alias must be chosen. */
  emptyLabel?: string;
}) {
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <select
          {...control}
          className="select"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {aliases.map((alias) => (
            <option key={alias.id} value={alias.name}>
              {alias.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ConnectPage() {
  const aliases = useAliases();
  const [model, setModel] = useState('');
  const [tiers, setTiers] = useState<Partial<Record<TierField, string>>>({});
  const [keySource, setKeySource] = useState<'paste' | 'master'>('paste');
  const [pastedKey, setPastedKey] = useState('');

  // Globs catch names Claude Code sends on its own; only exact names can be chosen as a model.
  const exactAliases = selectableAliases(aliases.data ?? []);
  // No choice yet means the first alias: a snippet without a model fails on its first message.
  const chosen = snippetModel(exactAliases, model)?.name ?? '';
  const token =
    keySource === 'master'
      ? (session.getMasterKey() ?? TOKEN_PLACEHOLDER)
      : pastedKey.trim() || TOKEN_PLACEHOLDER;
  const env = claudeCodeEnv({
    baseUrl: window.location.origin,
    token,
    aliases: aliases.data ?? [],
    model: chosen,
    ...tiers,
  });

  return (
    <>
      <PageHeader
        title="Connect Claude Code"
        description="Pick the aliases and the key Claude Code should use, then paste one of these where Claude Code runs."
      />
      {aliases.isPending ? (
        <LoadingState label="Loading aliases…" />
      ) : aliases.isError ? (
        <ErrorState error={aliases.error} onRetry={() => aliases.refetch()} />
      ) : (
        <div className="connect">
          <section className="card card-padded stack" aria-labelledby="connect-settings">
            <h2 id="connect-settings">Settings</h2>
            {exactAliases.length === 0 && (
              <EmptyState title="No aliases to choose from">
                <p>
                  Create one on the{' '}
                  <a href={pathForPage('models')} onClick={(event) => handleLinkClick(event, 'models')}>
                    Models page
                  </a>{' '}
                  first.
                </p>
              </EmptyState>
            )}
            <AliasSelect
              label="Model"
              hint="ANTHROPIC_MODEL; its context window and output limit are set too."
              aliases={exactAliases}
              value={chosen}
              onChange={setModel}
            />
            {tierFields.map((tier) => (
              <AliasSelect
                key={tier.field}
                label={tier.label}
                hint={tier.hint}
                aliases={exactAliases}
                value={tiers[tier.field] ?? ''}
                onChange={(value) => setTiers((current) => ({ ...current, [tier.field]: value }))}
                emptyLabel="Automatic"
              />
            ))}
            <fieldset className="stack">
              <legend>Key</legend>
              <div className="radio-row">
                <label>
                  <input
                    type="radio"
                    name="key-source"
                    checked={keySource === 'paste'}
                    onChange={() => setKeySource('paste')}
                  />
                  A managed API key
                </label>
                <label>
                  <input
                    type="radio"
                    name="key-source"
                    checked={keySource === 'master'}
                    onChange={() => setKeySource('master')}
                  />
                  The master key
                </label>
              </div>
              {keySource === 'paste' && (
                <Field
                  label="API key"
                  hint="Keys are shown only when created; paste one from the API Keys page."
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input input-mono"
                      placeholder="sk-aurora-…"
                      value={pastedKey}
                      onChange={(event) => setPastedKey(event.target.value)}
                      spellCheck={false}
                      autoComplete="off"
                    />
                  )}
                </Field>
              )}
            </fieldset>
          </section>
          <section className="stack" aria-labelledby="connect-snippets">
            <h2 id="connect-snippets">Snippets</h2>
            <p className="muted">
              Run the shell lines before <code>claude</code>, or put the JSON in{' '}
              <code>~/.claude/settings.json</code>.
            </p>
            <ClaudeCodeSnippets env={env} />
          </section>
        </div>
      )}
    </>
  );
}
