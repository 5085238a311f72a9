import { providerKinds } from '@aurora/contract';
import { type FormEvent, useId, useState } from 'react';
import { type FieldErrors, fieldErrorsFromRequest } from '../../api/errors';
import { type Provider, useProviderPresets, useSaveProvider } from '../../api/providers';
import { Dialog } from '../../components/Dialog';
import { Field, FormError, Toggle } from '../../components/Field';
import { Icon } from '../../components/Icon';
import {
  applyPreset,
  type ProviderFormValues,
  providerBodyFromForm,
  providerFormValues,
  providerPatchFromForm,
} from './provider-form';

export function ProviderDialog({ provider, onClose }: { provider?: Provider; onClose: () => void }) {
  const [values, setValues] = useState<ProviderFormValues>(() => providerFormValues(provider));
  const [errors, setErrors] = useState<FieldErrors>({});
  const presets = useProviderPresets();
  const save = useSaveProvider();
  const formId = useId();
  const preset = presets.data?.find((candidate) => candidate.name === values.preset);

  function update(patch: Partial<ProviderFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
  }

  function updateHeader(index: number, patch: Partial<ProviderFormValues['headers'][number]>) {
    update({ headers: values.headers.map((header, i) => (i === index ? { ...header, ...patch } : header)) });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const handlers = {
      onSuccess: onClose,
      onError: (error: Error) => setErrors(fieldErrorsFromRequest(error)),
    };
    if (provider) {
      const parsed = providerPatchFromForm(values);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      save.mutate({ id: provider.id, body: parsed.body }, handlers);
    } else {
      const parsed = providerBodyFromForm(values);
      if (!parsed.ok) return setErrors(parsed.errors);
      setErrors({});
      save.mutate({ body: parsed.body }, handlers);
    }
  }

  const isEditing = Boolean(provider);
  return (
    <Dialog
      title={isEditing ? `Edit ${provider?.name}` : 'Add provider'}
      description="Any OpenAI-compatible Chat Completions API, or a native Anthropic Messages API."
      size="large"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : isEditing ? 'Save changes' : 'Add provider'}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <FormError message={errors['']} />
        {provider?.from_config && (
          <p className="callout">
            This provider comes from aurora.yaml. Fields set there are restored at the next start.
          </p>
        )}
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
                  {candidate.label}
                  {candidate.kind === 'anthropic' ? ' (Anthropic API)' : ''}
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
              values.kind === 'anthropic'
                ? 'Passed through without translation.'
                : 'Translated from Anthropic.'
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
        <fieldset className="stack">
          <legend>Extra headers</legend>
          <FormError message={errors.headers} />
          {values.headers.map((header, index) => (
            <div className="repeat-row" key={`header-${index.toString()}`}>
              <Field label={`Header ${index + 1} name`} error={errors[`headers.${index}`]}>
                {(control) => (
                  <input
                    {...control}
                    className="input input-mono"
                    value={header.name}
                    onChange={(event) => updateHeader(index, { name: event.target.value })}
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
                    onChange={(event) => updateHeader(index, { value: event.target.value })}
                    spellCheck={false}
                  />
                )}
              </Field>
              <button
                type="button"
                className="button button-ghost repeat-remove"
                aria-label={`Remove header ${index + 1}`}
                onClick={() => update({ headers: values.headers.filter((_, i) => i !== index) })}
              >
                <Icon name="close" />
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => update({ headers: [...values.headers, { name: '', value: '' }] })}
            >
              <Icon name="plus" size={15} />
              Add header
            </button>
          </div>
        </fieldset>
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
      </form>
    </Dialog>
  );
}
