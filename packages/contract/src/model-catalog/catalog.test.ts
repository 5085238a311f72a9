import { quirkPresets } from '@aurora/translate';
import { describe, expect, it } from 'vitest';
import { aliasDefaultsFrom, findCatalogModel, mergeCatalogs, shippedCatalog } from './catalog.js';

describe('model catalog', () => {
  it('ships valid entries with their source, one per id', () => {
    expect(shippedCatalog.models.length).toBeGreaterThan(10);
    const ids = shippedCatalog.models.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of shippedCatalog.models) expect(model.source).toMatch(/^https:\/\//);
  });

  it('has an entry for every hosted preset provider', () => {
    // Local servers run whatever the operator pulled, so only hosted presets must be covered.
    const hosted = Object.entries(quirkPresets)
      .filter(([, preset]) => new URL(preset.baseUrl).hostname !== 'localhost')
      .map(([name]) => name);
    expect(hosted.length).toBeGreaterThan(10);
    const served = new Set(shippedCatalog.models.flatMap((model) => model.providers));
    expect(hosted.filter((name) => !served.has(name))).toEqual([]);
  });

  it('names only known presets as providers, and never charges for a self-hosted model', () => {
    for (const model of shippedCatalog.models) {
      for (const provider of model.providers) expect(Object.keys(quirkPresets)).toContain(provider);
      const local = model.providers.every(
        (name) => new URL(quirkPresets[name]!.baseUrl).hostname === 'localhost',
      );
      if (!local) continue;
      for (const price of [
        model.input_price_per_mtok,
        model.output_price_per_mtok,
        model.cached_input_price_per_mtok,
      ])
        expect(price === null || price === 0).toBe(true);
    }
  });

  it('fills no price for an open model id that hosted routers serve too', () => {
    // The lookup ignores the provider: OpenRouter and Groq use these ids for paid models.
    for (const id of [
      'meta-llama/llama-3.3-70b-instruct',
      'openai/gpt-oss-20b',
      'qwen/qwen3-coder-30b-a3b-instruct',
    ]) {
      const defaults = aliasDefaultsFrom(findCatalogModel(shippedCatalog, id)!);
      expect(defaults.context_window).toBeGreaterThan(100000);
      expect(defaults.input_price_per_mtok).toBeUndefined();
    }
    expect(findCatalogModel(shippedCatalog, 'llama3.3')?.input_price_per_mtok).toBe(0);
  });

  it('finds a model by its id, a router-prefixed id or a dated id', () => {
    expect(findCatalogModel(shippedCatalog, 'deepseek-chat')?.context_window).toBe(128000);
    expect(findCatalogModel(shippedCatalog, 'deepseek/deepseek-chat')?.id).toBe('deepseek-chat');
    expect(findCatalogModel(shippedCatalog, 'claude-haiku-4-5-20251001')?.id).toBe('claude-haiku-4-5');
    expect(findCatalogModel(shippedCatalog, 'no-such-model')).toBeUndefined();
  });

  it('lets an override replace an entry and add new ones', () => {
    const local = {
      models: [
        { ...findCatalogModel(shippedCatalog, 'deepseek-chat')!, input_price_per_mtok: 0.01 },
        { ...findCatalogModel(shippedCatalog, 'deepseek-chat')!, id: 'my-local-model', providers: ['vllm'] },
      ],
    };
    const merged = mergeCatalogs(shippedCatalog, local);
    expect(findCatalogModel(merged, 'deepseek-chat')?.input_price_per_mtok).toBe(0.01);
    expect(findCatalogModel(merged, 'my-local-model')?.providers).toEqual(['vllm']);
    expect(merged.models).toHaveLength(shippedCatalog.models.length + 1);
  });

  it('turns an entry into alias defaults, leaving out what the pages did not say', () => {
    const defaults = aliasDefaultsFrom(findCatalogModel(shippedCatalog, 'MiniMax-M2')!);
    expect(defaults).toMatchObject({ context_window: 204800, reasoning: true, supports_tools: true });
    expect(defaults.input_price_per_mtok).toBeUndefined();
  });
});
