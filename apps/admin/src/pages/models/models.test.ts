import { findCatalogModel, isGlob, shippedCatalog } from '@aurora/contract';
import { describe, expect, it } from 'vitest';
import type { Alias } from '../../api/aliases';
import {
  aliasBodyFromForm,
  aliasFormValues,
  aliasPatchFromForm,
  fillFromCatalog,
  newAliasValues,
  sampleModelName,
} from './alias-form';
import { currentTierTargets, incompleteTiers, planTierAliases } from './tiers';

const alias: Alias = {
  id: 'a1',
  name: 'my-alias',
  provider: 'deepseek',
  model: 'deepseek-chat',
  max_output_tokens: 8192,
  context_window: 128000,
  reasoning: false,
  params: { temperature: 0.6 },
  fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
  supports_tools: true,
  input_price_per_mtok: null,
  output_price_per_mtok: 2,
  cached_input_price_per_mtok: null,
  auto_mode_judge: 'strict-judge',
  enabled: true,
  from_config: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('alias form', () => {
  it('turns an alias into form values and back into the same body', () => {
    const result = aliasBodyFromForm(aliasFormValues(alias));
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'my-alias',
        provider: 'deepseek',
        model: 'deepseek-chat',
        max_output_tokens: 8192,
        context_window: 128000,
        reasoning: false,
        supports_tools: true,
        params: { temperature: 0.6 },
        fallbacks: [{ provider: 'openrouter', model: 'deepseek/deepseek-chat' }],
        output_price_per_mtok: 2,
        auto_mode_judge: 'strict-judge',
        enabled: true,
      },
    });
  });

  it('keeps a model marked as without tool calls through an edit', () => {
    const patch = aliasPatchFromForm({ ...aliasFormValues(alias), supports_tools: false });
    expect(patch.ok && patch.body.supports_tools).toBe(false);
    expect(aliasFormValues({ ...alias, supports_tools: false }).supports_tools).toBe(false);
  });

  it('clears emptied limits, prices, judge and params when editing, and leaves them out when creating', () => {
    const emptied = {
      ...aliasFormValues(alias),
      max_output_tokens: '',
      context_window: ' ',
      output_price_per_mtok: '',
      auto_mode_judge: ' ',
      params: '',
    };
    const patch = aliasPatchFromForm(emptied);
    expect(patch.ok && patch.body).toMatchObject({
      max_output_tokens: null,
      context_window: null,
      input_price_per_mtok: null,
      output_price_per_mtok: null,
      auto_mode_judge: null,
      params: {},
    });
    const created = aliasBodyFromForm(emptied);
    expect(created.ok && created.body.max_output_tokens).toBeUndefined();
    expect(created.ok && created.body.auto_mode_judge).toBeUndefined();
  });

  it('reports text that is not a number, bad JSON and missing fallback models at their fields', () => {
    const values = {
      ...aliasFormValues(alias),
      context_window: 'lots',
      params: '{oops',
      fallbacks: [{ provider: 'openrouter', model: ' ' }],
    };
    const result = aliasBodyFromForm(values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.context_window).toBe('Enter a number');
    expect(result.errors.params).toMatch(/^Not valid JSON/);
    expect(result.errors['fallbacks.0.model']).toBe('Model is required');
  });

  it('requires a name, provider and model for a new alias', () => {
    const result = aliasBodyFromForm(aliasFormValues());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['model', 'name', 'provider']);
  });

  it('recognises globs and derives a concrete model name for them', () => {
    expect(isGlob('claude-haiku-*')).toBe(true);
    expect(isGlob('my-alias')).toBe(false);
    expect(sampleModelName('claude-haiku-*')).toBe('claude-haiku-test');
  });
});

describe('Claude Code tiers', () => {
  it('creates one glob alias per filled-in tier and updates the ones that exist', () => {
    const changes = planTierAliases(
      {
        opus: { provider: 'deepseek', model: 'deepseek-reasoner' },
        haiku: { provider: 'groq', model: ' llama-3.1-8b ' },
        sonnet: { provider: '', model: 'ignored' },
        'catch-all': { provider: 'deepseek', model: 'deepseek-chat' },
      },
      [{ id: 'x9', name: 'claude-haiku-*' }],
    );
    expect(changes).toEqual([
      { body: { name: 'claude-opus-*', provider: 'deepseek', model: 'deepseek-reasoner' } },
      { id: 'x9', body: { name: 'claude-haiku-*', provider: 'groq', model: 'llama-3.1-8b' } },
      { body: { name: 'claude-*', provider: 'deepseek', model: 'deepseek-chat' } },
    ]);
  });

  it('prefills targets from existing tier aliases', () => {
    expect(currentTierTargets([{ name: 'claude-*', provider: 'p', model: 'm' }, alias])).toEqual({
      'catch-all': { provider: 'p', model: 'm' },
    });
  });
});

describe('half-filled tier rows', () => {
  it('are reported with the half that is missing, never silently dropped', () => {
    expect(
      incompleteTiers({
        opus: { provider: 'up', model: '' },
        haiku: { provider: '', model: 'small' },
        sonnet: { provider: 'up', model: 'big' },
      }),
    ).toEqual([
      { tier: 'opus', missing: 'model' },
      { tier: 'haiku', missing: 'provider' },
    ]);
  });
});

describe('an alias from the model catalog', () => {
  const entry = findCatalogModel(shippedCatalog, 'deepseek-chat')!;
  it('fills the limits and prices left empty and keeps what was typed', () => {
    const filled = fillFromCatalog(
      { ...newAliasValues({ provider: 'ds', model: 'deepseek-chat' }), max_output_tokens: '4000' },
      entry,
    );
    expect(filled).toMatchObject({
      name: 'deepseek-chat',
      provider: 'ds',
      max_output_tokens: '4000',
      context_window: '128000',
      input_price_per_mtok: '0.56',
      output_price_per_mtok: '1.68',
      cached_input_price_per_mtok: '0.07',
      supports_tools: true,
    });
  });
  it('names a new alias after the model, within the alias-name rule', () => {
    expect(newAliasValues({ model: 'deepseek/deepseek-chat v3' }).name).toBe('deepseek-chat-v3');
  });
});
