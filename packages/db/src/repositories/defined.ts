/**
 * Keeps only the keys whose value is not undefined: a patch or a config-as-code entry changes just
 * the fields it sets (the file wins for those fields only).
 */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
