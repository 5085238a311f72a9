// Removes JSON-Schema keywords a provider refuses (the `schema_strip` quirk) from tool parameter
// schemas. Only keyword positions are touched: a property *named* `format` is kept.

/** Keywords whose value is a map of name → subschema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is a subschema or an array of subschemas. */
const SUBSCHEMAS = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'anyOf',
  'oneOf',
  'allOf',
]);

export interface SchemaStrip {
  keywords: Set<string>;
  /** `format` values to remove (from `format:<value>` entries). */
  formats: Set<string>;
}

export function compileSchemaStrip(entries: readonly string[]): SchemaStrip | null {
  if (entries.length === 0) return null;
  const keywords = new Set<string>();
  const formats = new Set<string>();
  for (const entry of entries) {
    if (entry.startsWith('format:')) formats.add(entry.slice(7));
    else keywords.add(entry);
  }
  return { keywords, formats };
}

export function stripSchema(schema: unknown, strip: SchemaStrip): unknown {
  if (Array.isArray(schema)) return schema.map((s) => stripSchema(s, strip));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'format' && typeof value === 'string' && strip.formats.has(value)) continue;
    if (strip.keywords.has(key)) {
      // A provider without `oneOf` usually has `anyOf`: keep the alternatives, loosened.
      if (key === 'oneOf' && !strip.keywords.has('anyOf') && !('anyOf' in schema)) {
        out.anyOf = stripSchema(value, strip);
      }
      continue;
    }
    if (SCHEMA_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) map[name] = stripSchema(sub, strip);
      out[key] = map;
    } else if (SUBSCHEMAS.has(key)) {
      out[key] = stripSchema(value, strip);
    } else {
      out[key] = value;
    }
  }
  return out;
}
