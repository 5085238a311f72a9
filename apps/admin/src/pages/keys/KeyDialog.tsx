import { claudeCodeEnv } from '@aurora/contract';
import { useId, useState } from 'react';
import { useAliases } from '../../api/aliases';
import { type ApiKey, type CreatedApiKey, useSaveApiKey } from '../../api/keys';
import { ClaudeCodeSnippets } from '../../components/ClaudeCodeSnippets';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { JudgeAliasField } from '../../components/JudgeAliasField';
import { useCreateOrEditSubmit } from '../../components/useCreateOrEditSubmit';
import { type KeyFormValues, keyBodyFromForm, keyFormValues, keyPatchFromForm } from './key-form';

function CreatedKey({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const aliases = useAliases();
  const env = claudeCodeEnv({
    baseUrl: window.location.origin,
    token: created.key,
    aliases: aliases.data ?? [],
    allowedAliases: created.allowed_aliases,
  });
  const keyFieldId = useId();
  return (
    <Dialog
      title={`Key “${created.name}” created`}
      description="Copy it now: it is shown only once and Aurora stores only its hash."
      size="large"
      onClose={onClose}
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <div className="secret">
        <label htmlFor={keyFieldId} className="visually-hidden">
          New API key
        </label>
        <input
          id={keyFieldId}
          className="secret-value"
          readOnly
          value={created.key}
          onFocus={(e) => e.target.select()}
        />
        <CopyButton text={created.key} label="Copy API key" />
      </div>
      <h3 className="section-title">Use it with Claude Code</h3>
      <ClaudeCodeSnippets env={env} />
    </Dialog>
  );
}

/** Creates a key, then shows its secret once; given an `apiKey`, edits that key instead. */
export function KeyDialog({ apiKey, onClose }: { apiKey?: ApiKey; onClose: () => void }) {
  const [values, setValues] = useState<KeyFormValues>(() => keyFormValues(apiKey));
  const save = useSaveApiKey();
  const { errors, submit } = useCreateOrEditSubmit({
    id: apiKey?.id,
    values,
    bodyFromForm: keyBodyFromForm,
    patchFromForm: (current: KeyFormValues) => keyPatchFromForm(current, apiKey),
    mutate: save.mutate,
    // A new key stays open to show its secret; an edited one has nothing more to show.
    onSaved: () => {
      if (apiKey) onClose();
    },
  });

  if (!apiKey && save.data && 'key' in save.data) return <CreatedKey created={save.data} onClose={onClose} />;

  function update(patch: Partial<KeyFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
  }

  const numberField = (
    field: 'rpm_limit' | 'tpm_limit' | 'budget_tokens' | 'budget_usd',
    label: string,
    hint: string,
  ) => (
    <Field label={label} error={errors[field]} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="input"
          inputMode={field === 'budget_usd' ? 'decimal' : 'numeric'}
          value={values[field]}
          onChange={(event) => update({ [field]: event.target.value })}
        />
      )}
    </Field>
  );

  return (
    <FormDialog
      title={apiKey ? `Edit ${apiKey.name}` : 'Create API key'}
      description={
        apiKey
          ? 'Changes apply to the next request with this key. Empty a field to lift its limit.'
          : 'A key lets a person or a machine use the gateway without the master key.'
      }
      onClose={onClose}
      onSubmit={submit}
      submitLabel={apiKey ? 'Save changes' : 'Create key'}
      pendingLabel={apiKey ? 'Saving…' : 'Creating…'}
      pending={save.isPending}
      formError={errors['']}
    >
      <Field label="Name" error={errors.name} hint="Who or what uses it, e.g. “laptop” or “CI”.">
        {(control) => (
          <input
            {...control}
            className="input"
            value={values.name}
            onChange={(event) => update({ name: event.target.value })}
          />
        )}
      </Field>
      <Field
        label="Allowed aliases"
        error={errors.allowed_aliases ?? errors['allowed_aliases.0']}
        hint="Comma-separated names or globs such as claude-*. Empty allows every alias."
      >
        {(control) => (
          <input
            {...control}
            className="input input-mono"
            value={values.allowed_aliases}
            onChange={(event) => update({ allowed_aliases: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <JudgeAliasField
        of="key"
        value={values.auto_mode_judge}
        error={errors.auto_mode_judge}
        onChange={(auto_mode_judge) => update({ auto_mode_judge })}
      />
      <Field
        label="Expires on"
        error={errors.expires_at}
        hint="The key stops working after this day. Empty for no expiry."
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="date"
            value={values.expires_on}
            onChange={(event) => update({ expires_on: event.target.value })}
          />
        )}
      </Field>
      <div className="grid-2">
        {numberField('rpm_limit', 'Requests per minute', 'Empty for no limit.')}
        {numberField('tpm_limit', 'Tokens per minute', 'Empty for no limit.')}
        {numberField('budget_tokens', 'Monthly token budget', 'Input plus output tokens.')}
        {numberField('budget_usd', 'Monthly budget (USD)', 'From the aliases’ prices.')}
      </div>
    </FormDialog>
  );
}
