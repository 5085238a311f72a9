/** Reads `usage` out of a JSON answer; a body that isn't JSON still goes to the client as sent. */
export function usageField<T, U>(text: string, convert: (usage: T) => U): U | undefined {
  try {
    const usage = (JSON.parse(text) as { usage?: T | null }).usage;
    return usage ? convert(usage) : undefined;
  } catch {
    return undefined;
  }
}
