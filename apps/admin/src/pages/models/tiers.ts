import { type AliasBody, claudeCodeClassifierId, claudeCodeTierIds } from '@aurora/contract';
import type { Alias } from '../../api/aliases';

/**
 * Claude Code asks for real Claude model ids for sub-agents and background work (docs/claude-code.md); these glob
 * aliases catch each family. The catch-all is the least specific glob, so the family globs win.
 */
export const claudeCodeTiers = [
  {
    id: 'opus',
    label: 'Opus',
    alias: 'claude-opus-*',
    asks: `${claudeCodeTierIds.opus}, the default with no model set (older builds: claude-opus-4-8)`,
  },
  {
    id: 'sonnet',
    label: 'Sonnet',
    alias: 'claude-sonnet-*',
    asks: `${claudeCodeTierIds.sonnet} for /model sonnet, ${claudeCodeClassifierId} for auto mode's own checks`,
  },
  {
    id: 'haiku',
    label: 'Haiku',
    alias: 'claude-haiku-*',
    asks: `${claudeCodeTierIds.haiku} for /model haiku and sub-agents (older builds: claude-haiku-4-5-20251001)`,
  },
  {
    id: 'fable',
    label: 'Fable',
    alias: 'claude-fable-*',
    asks: `${claudeCodeTierIds.fable} for /model fable`,
  },
  { id: 'catch-all', label: 'Any other Claude model', alias: 'claude-*', asks: 'every other claude-… id' },
] as const;

export type TierId = (typeof claudeCodeTiers)[number]['id'];
export type TierTargets = Partial<Record<TierId, { provider: string; model: string }>>;

/** With an `id` when an alias of that name exists and is updated in place. */
export type TierAliasChange = { id?: undefined; body: AliasBody } | { id: string; body: AliasBody };

/** Rows with a provider but no model, or a model but no provider: saved they would be lost. */
export function incompleteTiers(targets: TierTargets): { tier: TierId; missing: 'provider' | 'model' }[] {
  return claudeCodeTiers.flatMap((tier) => {
    const target = targets[tier.id];
    const hasProvider = Boolean(target?.provider);
    const hasModel = Boolean(target?.model.trim());
    if (hasProvider === hasModel) return [];
    return [{ tier: tier.id, missing: hasProvider ? ('model' as const) : ('provider' as const) }];
  });
}

/** The alias creations and updates that map each filled-in tier to its target. */
export function planTierAliases(
  targets: TierTargets,
  existing: Pick<Alias, 'id' | 'name'>[],
): TierAliasChange[] {
  return claudeCodeTiers.flatMap((tier) => {
    const target = targets[tier.id];
    if (!target?.provider || !target.model.trim()) return [];
    const current = existing.find((alias) => alias.name === tier.alias);
    const body: AliasBody = { name: tier.alias, provider: target.provider, model: target.model.trim() };
    return [current ? { id: current.id, body } : { body }];
  });
}

/** Prefills the form from the tier aliases that already exist. */
export function currentTierTargets(existing: Pick<Alias, 'name' | 'provider' | 'model'>[]): TierTargets {
  const targets: TierTargets = {};
  for (const tier of claudeCodeTiers) {
    const alias = existing.find((candidate) => candidate.name === tier.alias);
    if (alias) targets[tier.id] = { provider: alias.provider, model: alias.model };
  }
  return targets;
}
