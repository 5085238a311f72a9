/**
 * Keeps only the keys whose value is not undefined: a patch or a config-as-code entry changes just
 * the fields it sets (SPEC §6: "the file wins for the fields it sets").
 */
export function definedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
