import { providerKinds } from '@aurora/contract';
import { useState } from 'react';
import { type Provider, useProviderPresets, useSaveProvider } from '../../api/providers';
import { Field, Toggle } from '../../components/Field';
import { FormDialog, FromConfigCallout } from '../../components/FormDialog';
import { RepeatedRows } from '../../components/RepeatedRows';
import { useCreateOrEditSubmit } from '../../components/useCreateOrEditSubmit';
import {
  applyPreset,
  type ProviderFormValues,
  providerBodyFromForm,
  providerFormValues,
  providerPatchFromForm,
} from './provider-form';

export function ProviderDialog({ provider, onClose }: { provider?: Provider; onClose: () => void }) {
  const [values, setValues] = useState<ProviderFormValues>(() => providerFormValues(provider));
  const presets = useProviderPresets();
  const save = useSaveProvider();
  const { errors, submit } = useCreateOrEditSubmit({
    id: provider?.id,
    values,
    bodyFromForm: providerBodyFromForm,
    patchFromForm: providerPatchFromForm,
    mutate: save.mutate,
    onSaved: onClose,
  });
  const preset = presets.data?.find((candidate) => candidate.name === values.preset);

  function update(patch: Partial<ProviderFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
  }

  const isEditing = Boolean(provider);
  return (
    <FormDialog
      title={isEditing ? `Edit ${provider?.name}` : 'Add provider'}
      description="Any OpenAI-compatible Chat Completions API, or a native Anthropic Messages API."
      size="large"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={isEditing ? 'Save changes' : 'Add provider'}
      pendingLabel="Saving…"
      pending={save.isPending}
      formError={errors['']}
    >
      {provider?.from_config && <FromConfigCallout resource="provider" />}
      <Field
        label="Preset"
        error={
          errors.preset ??
          (presets.isError ? `Presets could not be loaded: ${presets.error.message}` : undefined)
        }
        hint={
          preset?.docs_url ? (
            <a href={preset.docs_url} target="_blank" rel="noreferrer">
              {preset.label} API documentation
            </a>
          ) : (
            'Fills the base URL and the quirks Aurora knows for that provider.'
          )
        }
      >
        {(control) => (
          <select
            {...control}
            className="select"
            value={values.preset}
            onChange={(event) =>
              setValues(
                applyPreset(
                  values,
                  presets.data?.find((candidate) => candidate.name === event.target.value),
                ),
              )
            }
          >
            <option value="">{presets.isPending ? 'Loading presets…' : 'Custom (no preset)'}</option>
            {presets.data?.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {/* Labels of Anthropic-API variants already say so. */}
                {candidate.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid-2">
        <Field label="Name" error={errors.name} hint="Aliases refer to the provider by this name.">
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              value={values.name}
              onChange={(event) => update({ name: event.target.value })}
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="API kind"
          error={errors.kind}
          hint={
            values.kind === 'anthropic' ? 'Passed through without translation.' : 'Translated from Anthropic.'
          }
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={values.kind}
              onChange={(event) => update({ kind: event.target.value as ProviderFormValues['kind'] })}
            >
              {providerKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {kind === 'openai' ? 'OpenAI-compatible' : 'Anthropic Messages'}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Base URL" error={errors.base_url}>
        {(control) => (
          <input
            {...control}
            className="input input-mono"
            type="url"
            placeholder="https://api.example.com/v1"
            value={values.base_url}
            onChange={(event) => update({ base_url: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label="API key"
        error={errors.api_key}
        hint={
          provider?.api_key_set
            ? 'A key is stored. Leave blank to keep it; it is never shown again.'
            : 'Stored encrypted and never shown again. Leave blank for local servers.'
        }
      >
        {(control) => (
          <input
            {...control}
            className="input input-mono"
            type="password"
            autoComplete="off"
            placeholder={provider?.api_key_set && !values.remove_api_key ? '•••••••• (unchanged)' : ''}
            value={values.api_key}
            disabled={values.remove_api_key}
            onChange={(event) => update({ api_key: event.target.value })}
          />
        )}
      </Field>
      {provider?.api_key_set && (
        <Toggle
          label="Remove the stored API key"
          hint="For an upstream that no longer needs one, such as a local server."
          checked={values.remove_api_key}
          onChange={(remove_api_key) => update({ remove_api_key, api_key: '' })}
        />
      )}
      <RepeatedRows
        legend="Extra headers"
        error={errors.headers}
        itemName="header"
        rows={values.headers}
        emptyRow={{ name: '', value: '' }}
        onChange={(headers) => update({ headers })}
      >
        {(header, index, updateHeader) => (
          <>
            <Field label={`Header ${index + 1} name`} error={errors[`headers.${index}`]}>
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={header.name}
                  onChange={(event) => updateHeader({ name: event.target.value })}
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label={`Header ${index + 1} value`}>
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={header.value}
                  onChange={(event) => updateHeader({ value: event.target.value })}
                  spellCheck={false}
                />
              )}
            </Field>
          </>
        )}
      </RepeatedRows>
      <Field
        label="Quirks (JSON)"
        error={errors.quirks}
        hint="How this provider differs from the OpenAI API; the preset's values, each overridable."
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={5}
            value={values.quirks}
            onChange={(event) => update({ quirks: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <Toggle
        label="Allow direct addressing"
        hint="Lets clients ask for provider-name/model without an alias."
        checked={values.allow_direct}
        onChange={(allow_direct) => update({ allow_direct })}
      />
      <Toggle label="Enabled" checked={values.enabled} onChange={(enabled) => update({ enabled })} />
    </FormDialog>
  );
}
