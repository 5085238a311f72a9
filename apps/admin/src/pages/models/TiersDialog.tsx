import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Alias, aliasKeys, saveAlias } from '../../api/aliases';
import { ApiError } from '../../api/errors';
import type { Provider } from '../../api/providers';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import {
  claudeCodeTiers,
  currentTierTargets,
  incompleteTiers,
  planTierAliases,
  type TierId,
  type TierTargets,
} from './tiers';

export function TiersDialog({
  aliases,
  providers,
  onClose,
}: {
  aliases: Alias[];
  providers: Provider[];
  onClose: () => void;
}) {
  const [targets, setTargets] = useState<TierTargets>(() => currentTierTargets(aliases));
  const queryClient = useQueryClient();
  const changes = planTierAliases(targets, aliases);
  const incomplete = incompleteTiers(targets);
  const missing = (tier: TierId, half: 'provider' | 'model') =>
    incomplete.some((row) => row.tier === tier && row.missing === half)
      ? half === 'model'
        ? 'Enter the model too, or clear the provider'
        : 'Choose the provider too, or clear the model'
      : undefined;

  const apply = useMutation({
    // One at a time, so a failure names the tier it stopped at and the earlier ones stay created.
    mutationFn: async () => {
      for (const change of changes) {
        try {
          await saveAlias(change);
        } catch (error) {
          const reason = error instanceof ApiError ? error.message : String(error);
          throw new Error(`${change.body.name}: ${reason}`);
        }
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: aliasKeys.all }),
    onSuccess: onClose,
  });

  function setTarget(tier: TierId, patch: Partial<{ provider: string; model: string }>) {
    setTargets((current) => ({
      ...current,
      [tier]: { provider: '', model: '', ...current[tier], ...patch },
    }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply.mutate();
  }

  return (
    <FormDialog
      title="Claude Code tiers"
      description="Claude Code asks for real Claude model ids for sub-agents and background tasks. Map each family to a model; Aurora creates the glob aliases that catch them. Leave a row empty to skip it."
      size="large"
      onClose={onClose}
      onSubmit={submit}
      submitLabel={`Save ${changes.length} alias${changes.length === 1 ? '' : 'es'}`}
      pendingLabel="Saving…"
      pending={apply.isPending}
      submitDisabled={changes.length === 0 || incomplete.length > 0}
      formError={apply.error?.message}
    >
      {claudeCodeTiers.map((tier) => (
        <fieldset key={tier.id} className="stack">
          <legend>
            {tier.label} <code className="subtle">{tier.alias}</code>
            {aliases.some((alias) => alias.name === tier.alias) && (
              <span className="subtle"> (exists: updated)</span>
            )}
          </legend>
          <p className="field-hint">Catches {tier.asks}.</p>
          <div className="grid-2">
            <Field label={`${tier.label} provider`} error={missing(tier.id, 'provider')}>
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={targets[tier.id]?.provider ?? ''}
                  onChange={(event) => setTarget(tier.id, { provider: event.target.value })}
                >
                  <option value="">Not mapped</option>
                  {providers.map((provider) => (
                    <option key={provider.id} value={provider.name}>
                      {provider.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={`${tier.label} model`} error={missing(tier.id, 'model')}>
              {(control) => (
                <input
                  {...control}
                  className="input input-mono"
                  value={targets[tier.id]?.model ?? ''}
                  onChange={(event) => setTarget(tier.id, { model: event.target.value })}
                  spellCheck={false}
                />
              )}
            </Field>
          </div>
        </fieldset>
      ))}
    </FormDialog>
  );
}
