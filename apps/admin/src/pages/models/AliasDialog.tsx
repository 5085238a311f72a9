import { findCatalogModel } from '@aurora/contract';
import { useId, useState } from 'react';
import type { Alias } from '../../api/aliases';
import { useSaveAlias } from '../../api/aliases';
import { useModelCatalog } from '../../api/model-catalog';
import { type Provider, useProviderModels } from '../../api/providers';
import { Field, Toggle } from '../../components/Field';
import { FormDialog, FromConfigCallout } from '../../components/FormDialog';
import { JudgeAliasField } from '../../components/JudgeAliasField';
import { RepeatedRows } from '../../components/RepeatedRows';
import { useCreateOrEditSubmit } from '../../components/useCreateOrEditSubmit';
import {
  type AliasFormValues,
  aliasBodyFromForm,
  aliasFormValues,
  aliasPatchFromForm,
  fillFromCatalog,
  newAliasValues,
} from './alias-form';

function ProviderOptions({ providers }: { providers: Provider[] }) {
  return (
    <>
      <option value="">Choose a provider…</option>
      {providers.map((provider) => (
        <option key={provider.id} value={provider.name}>
          {provider.name}
          {provider.enabled ? '' : ' (disabled)'}
        </option>
      ))}
    </>
  );
}

/** Suggests the provider's own model names; typing any other name still works. */
function ModelSuggestions({ id, provider }: { id: string; provider: Provider | undefined }) {
  const models = useProviderModels(provider?.id);
  return (
    <datalist id={id}>
      {(models.data ?? []).map((model) => (
        <option key={model} value={model} />
      ))}
    </datalist>
  );
}

export function AliasDialog({
  alias,
  providers,
  start,
  onClose,
}: {
  alias?: Alias;
  providers: Provider[];
  /** For a new alias: the provider (and model) to start from, e.g. from a test's model list. */
  start?: { provider?: string; model?: string };
  onClose: () => void;
}) {
  const catalog = useModelCatalog();
  const [values, setValues] = useState<AliasFormValues>(() =>
    alias
      ? aliasFormValues(alias)
      : newAliasValues({
          // With a single provider there is nothing to choose.
          provider: start?.provider ?? (providers.length === 1 ? providers[0]!.name : undefined),
          model: start?.model,
        }),
  );
  const known = catalog.data ? findCatalogModel(catalog.data, values.model) : undefined;
  // A model given up front is filled once the catalog has arrived.
  const [filledFor, setFilledFor] = useState<string | undefined>(alias?.model);
  if (!alias && known && filledFor !== values.model) {
    setFilledFor(values.model);
    setValues((current) => fillFromCatalog(current, known));
  }
  const save = useSaveAlias();
  const { errors, submit } = useCreateOrEditSubmit({
    id: alias?.id,
    values,
    bodyFromForm: aliasBodyFromForm,
    patchFromForm: aliasPatchFromForm,
    mutate: save.mutate,
    onSaved: onClose,
  });
  const suggestionsId = useId();
  const provider = providers.find((candidate) => candidate.name === values.provider);

  function update(patch: Partial<AliasFormValues>) {
    setValues((current) => ({ ...current, ...patch }));
  }

  const isEditing = Boolean(alias);
  return (
    <FormDialog
      title={isEditing ? `Edit ${alias?.name}` : 'New alias'}
      description="An alias is the model name clients send; Aurora routes it to a provider's model."
      size="large"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={isEditing ? 'Save changes' : 'Create alias'}
      pendingLabel="Saving…"
      pending={save.isPending}
      formError={errors['']}
    >
      {alias?.from_config && <FromConfigCallout resource="alias" />}
      <Field
        label="Alias name"
        error={errors.name}
        hint={
          <>
            The name Claude Code sends, e.g. <code>my-alias</code>. Globs are allowed: <code>*</code> matches
            any characters and <code>?</code> one, so <code>claude-haiku-*</code> answers every Haiku id.
            Exact names win over globs, then the most specific glob.
          </>
        }
      >
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
      <div className="grid-2">
        <Field label="Provider" error={errors.provider}>
          {(control) => (
            <select
              {...control}
              className="select"
              value={values.provider}
              onChange={(event) => update({ provider: event.target.value })}
            >
              <ProviderOptions providers={providers} />
            </select>
          )}
        </Field>
        <Field
          label="Target model"
          error={errors.model}
          hint={
            known ? (
              <>
                In the model catalog: limits and prices below are filled from{' '}
                <a href={known.source.split(' ')[0]} target="_blank" rel="noreferrer">
                  its public page
                </a>{' '}
                (still editable).
              </>
            ) : (
              "The provider's own model id; pick one of its models from the list."
            )
          }
        >
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              list={suggestionsId}
              value={values.model}
              onChange={(event) => update({ model: event.target.value })}
              spellCheck={false}
              autoComplete="off"
            />
          )}
        </Field>
      </div>
      <ModelSuggestions id={suggestionsId} provider={provider} />
      <div className="grid-2">
        <Field
          label="Max output tokens"
          error={errors.max_output_tokens}
          hint="Requests asking for more are clamped to this."
        >
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="numeric"
              value={values.max_output_tokens}
              onChange={(event) => update({ max_output_tokens: event.target.value })}
            />
          )}
        </Field>
        <Field
          label="Context window"
          error={errors.context_window}
          hint="Tokens; a longer prompt is refused so Claude Code compacts."
        >
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="numeric"
              value={values.context_window}
              onChange={(event) => update({ context_window: event.target.value })}
            />
          )}
        </Field>
        <Field label="Input price (USD per 1M tokens)" error={errors.input_price_per_mtok}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="decimal"
              value={values.input_price_per_mtok}
              onChange={(event) => update({ input_price_per_mtok: event.target.value })}
            />
          )}
        </Field>
        <Field label="Output price (USD per 1M tokens)" error={errors.output_price_per_mtok}>
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="decimal"
              value={values.output_price_per_mtok}
              onChange={(event) => update({ output_price_per_mtok: event.target.value })}
            />
          )}
        </Field>
        <Field
          label="Cached input price (USD per 1M tokens)"
          error={errors.cached_input_price_per_mtok}
          hint="Prompt tokens read from the provider's cache; empty charges them at the input price."
        >
          {(control) => (
            <input
              {...control}
              className="input"
              inputMode="decimal"
              value={values.cached_input_price_per_mtok}
              onChange={(event) => update({ cached_input_price_per_mtok: event.target.value })}
            />
          )}
        </Field>
      </div>
      <Toggle
        label="Reasoning model"
        hint="Sends Claude Code's thinking effort to the provider as reasoning effort."
        checked={values.reasoning}
        onChange={(reasoning) => update({ reasoning })}
      />
      <Toggle
        label="Supports tool calls"
        hint={
          values.supports_tools
            ? 'Claude Code works through tool calls (Bash, Edit, Read…): keep this on for models that make them.'
            : 'Off: tools are not sent to this model, so Claude Code can only chat with it, not act.'
        }
        checked={values.supports_tools}
        onChange={(supports_tools) => update({ supports_tools })}
      />
      <RepeatedRows
        legend="Fallbacks"
        hint="Tried in order when the target fails or is overloaded."
        error={errors.fallbacks}
        itemName="fallback"
        rows={values.fallbacks}
        emptyRow={{ provider: '', model: '' }}
        onChange={(fallbacks) => update({ fallbacks })}
      >
        {(fallback, index, updateFallback) => (
          <>
            <Field label={`Fallback ${index + 1} provider`} error={errors[`fallbacks.${index}.provider`]}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={fallback.provider}
                  onChange={(event) => updateFallback({ provider: event.target.value })}
                >
                  <ProviderOptions providers={providers} />
                </select>
              )}
            </Field>
            <Field label={`Fallback ${index + 1} model`} error={errors[`fallbacks.${index}.model`]}>
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={fallback.model}
                  onChange={(event) => updateFallback({ model: event.target.value })}
                  spellCheck={false}
                />
              )}
            </Field>
          </>
        )}
      </RepeatedRows>
      <Field
        label="Extra parameters (JSON)"
        error={errors.params}
        hint='Merged into every upstream request, e.g. {"temperature": 0.6}.'
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            value={values.params}
            onChange={(event) => update({ params: event.target.value })}
            spellCheck={false}
          />
        )}
      </Field>
      <JudgeAliasField
        of="alias"
        value={values.auto_mode_judge}
        error={errors.auto_mode_judge}
        onChange={(auto_mode_judge) => update({ auto_mode_judge })}
      />
      <Toggle label="Enabled" checked={values.enabled} onChange={(enabled) => update({ enabled })} />
    </FormDialog>
  );
}
