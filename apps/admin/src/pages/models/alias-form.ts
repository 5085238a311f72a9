import {
  type AliasBody,
  type AliasPatch,
  aliasBodySchema,
  aliasPatchSchema,
  type CatalogModel,
} from '@aurora/contract';
import type { Alias } from '../../api/aliases';
import type { FieldErrors } from '../../api/errors';
import {
  jsonText,
  numberText,
  type ParsedForm,
  parseForm,
  readJsonObject,
  readNumber,
} from '../../form-values';

export interface AliasFormValues {
  name: string;
  provider: string;
  model: string;
  max_output_tokens: string;
  context_window: string;
  reasoning: boolean;
  supports_tools: boolean;
  input_price_per_mtok: string;
  output_price_per_mtok: string;
  cached_input_price_per_mtok: string;
  params: string;
  fallbacks: { provider: string; model: string }[];
  auto_mode_judge: string;
  enabled: boolean;
}

/**
 * The form after choosing a model the catalog knows: limits and prices the operator left empty are
 * filled (typed values stay); the flags follow the model.
 */
export function fillFromCatalog(values: AliasFormValues, entry: CatalogModel): AliasFormValues {
  const keep = (typed: string, known: number | null) =>
    typed.trim() || known === null ? typed : String(known);
  return {
    ...values,
    max_output_tokens: keep(values.max_output_tokens, entry.max_output_tokens),
    context_window: keep(values.context_window, entry.context_window),
    input_price_per_mtok: keep(values.input_price_per_mtok, entry.input_price_per_mtok),
    output_price_per_mtok: keep(values.output_price_per_mtok, entry.output_price_per_mtok),
    cached_input_price_per_mtok: keep(values.cached_input_price_per_mtok, entry.cached_input_price_per_mtok),
    reasoning: entry.reasoning,
    supports_tools: entry.tools,
  };
}

/** A new alias's starting values: a chosen provider and model, named after the model. */
export function newAliasValues(start: { provider?: string; model?: string }): AliasFormValues {
  const model = start.model ?? '';
  return {
    ...aliasFormValues(),
    provider: start.provider ?? '',
    model,
    // Alias names follow one rule (no spaces, no slashes of routers' vendor prefixes needed).
    name: model.slice(model.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._:@*?-]+/g, '-'),
  };
}

export function aliasFormValues(alias?: Alias): AliasFormValues {
  return {
    name: alias?.name ?? '',
    provider: alias?.provider ?? '',
    model: alias?.model ?? '',
    max_output_tokens: numberText(alias?.max_output_tokens),
    context_window: numberText(alias?.context_window),
    reasoning: alias?.reasoning ?? false,
    supports_tools: alias?.supports_tools ?? true,
    input_price_per_mtok: numberText(alias?.input_price_per_mtok),
    output_price_per_mtok: numberText(alias?.output_price_per_mtok),
    cached_input_price_per_mtok: numberText(alias?.cached_input_price_per_mtok),
    params: jsonText(alias?.params),
    fallbacks: alias?.fallbacks.map(({ provider, model }) => ({ provider, model })) ?? [],
    auto_mode_judge: alias?.auto_mode_judge ?? '',
    enabled: alias?.enabled ?? true,
  };
}

function readAliasForm(values: AliasFormValues, errors: FieldErrors) {
  return {
    name: values.name.trim(),
    provider: values.provider,
    model: values.model.trim(),
    max_output_tokens: readNumber(values.max_output_tokens, 'max_output_tokens', errors),
    context_window: readNumber(values.context_window, 'context_window', errors),
    reasoning: values.reasoning,
    supports_tools: values.supports_tools,
    input_price_per_mtok: readNumber(values.input_price_per_mtok, 'input_price_per_mtok', errors),
    output_price_per_mtok: readNumber(values.output_price_per_mtok, 'output_price_per_mtok', errors),
    cached_input_price_per_mtok: readNumber(
      values.cached_input_price_per_mtok,
      'cached_input_price_per_mtok',
      errors,
    ),
    params: readJsonObject(values.params, 'params', errors),
    fallbacks: values.fallbacks.map(({ provider, model }) => ({ provider, model: model.trim() })),
    auto_mode_judge: values.auto_mode_judge.trim() || undefined,
    enabled: values.enabled,
  };
}

/** A new alias leaves empty optional fields out, so the gateway's defaults apply. */
export function aliasBodyFromForm(values: AliasFormValues): ParsedForm<AliasBody> {
  const errors: FieldErrors = {};
  return parseForm(aliasBodySchema, readAliasForm(values, errors), errors);
}

/**
 * An edit sends every field: an emptied limit, price or judge goes as null and emptied params as `{}`,
 * since an absent field would leave the stored value in place.
 */
export function aliasPatchFromForm(values: AliasFormValues): ParsedForm<AliasPatch> {
  const errors: FieldErrors = {};
  const read = readAliasForm(values, errors);
  const candidate = {
    ...read,
    max_output_tokens: read.max_output_tokens ?? null,
    context_window: read.context_window ?? null,
    input_price_per_mtok: read.input_price_per_mtok ?? null,
    output_price_per_mtok: read.output_price_per_mtok ?? null,
    cached_input_price_per_mtok: read.cached_input_price_per_mtok ?? null,
    params: read.params ?? {},
    auto_mode_judge: read.auto_mode_judge ?? null,
  };
  return parseForm(aliasPatchSchema, candidate, errors);
}

/** A concrete model name a glob alias answers, for sending a test message through it. */
export function sampleModelName(aliasName: string): string {
  return aliasName.replaceAll('*', 'test').replaceAll('?', 'x');
}
