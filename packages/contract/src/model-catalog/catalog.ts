import { z } from 'zod';
import shipped from './models.json';

const count = z.number().int().positive().nullable();
const price = z.number().nonnegative().nullable();

/** What a provider's public pages say about one model; null where they say nothing. */
export const catalogModelSchema = z.object({
  id: z.string().min(1),
  /** Preset names of the providers that serve the model under this id. */
  providers: z.array(z.string()),
  context_window: count,
  max_output_tokens: count,
  input_price_per_mtok: price,
  output_price_per_mtok: price,
  cached_input_price_per_mtok: price,
  tools: z.boolean(),
  vision: z.boolean(),
  reasoning: z.boolean(),
  source: z.string(),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const modelCatalogSchema = z.object({
  about: z.string().optional(),
  checked: z.string().optional(),
  models: z.array(catalogModelSchema),
});
export type ModelCatalog = z.infer<typeof modelCatalogSchema>;

/** The catalog that ships with Aurora. */
export const shippedCatalog: ModelCatalog = modelCatalogSchema.parse(shipped);

/** `override`'s entries replace shipped ones with the same id; new ids are added. */
export function mergeCatalogs(base: ModelCatalog, override: ModelCatalog): ModelCatalog {
  const ids = new Set(override.models.map((model) => model.id));
  return { ...base, models: [...override.models, ...base.models.filter((model) => !ids.has(model.id))] };
}

/**
 * The entry for an upstream model id: exact first, then without case, then the part after a
 * router's vendor prefix (`deepseek/deepseek-chat` on OpenRouter) or a dated suffix
 * (`claude-haiku-4-5-20251001`).
 */
export function findCatalogModel(catalog: ModelCatalog, model: string): CatalogModel | undefined {
  const lower = model.toLowerCase();
  const bare = lower.slice(lower.lastIndexOf('/') + 1);
  const undated = bare.replace(/-\d{8}$/, '');
  for (const wanted of [model, lower, bare, undated]) {
    const found = catalog.models.find((entry) => entry.id === wanted || entry.id.toLowerCase() === wanted);
    if (found) return found;
  }
  return undefined;
}

/** The alias fields an entry fills when the operator left them out. */
export function aliasDefaultsFrom(entry: CatalogModel) {
  return {
    context_window: entry.context_window ?? undefined,
    max_output_tokens: entry.max_output_tokens ?? undefined,
    input_price_per_mtok: entry.input_price_per_mtok ?? undefined,
    output_price_per_mtok: entry.output_price_per_mtok ?? undefined,
    cached_input_price_per_mtok: entry.cached_input_price_per_mtok ?? undefined,
    reasoning: entry.reasoning,
    supports_tools: entry.tools,
  };
}
