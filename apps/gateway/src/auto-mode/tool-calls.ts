/** One tool call of an answer, as the judge sees it. */
export interface AnsweredToolCall {
  id: string;
  name: string;
  input: unknown;
  /** Cut off by `max_tokens`, or arguments that are not a JSON object: nothing to judge. */
  truncated: boolean;
}

/** A tool call as the answer carries it: its arguments as the JSON text the model wrote. */
export interface WrittenToolCall {
  id: string;
  name: string;
  input: string;
}

/**
 * The calls of an answer with their arguments read; the last one is cut off when the answer ended
 * at `max_tokens` (its arguments may parse and still be incomplete).
 */
export function answeredToolCalls(
  calls: readonly WrittenToolCall[],
  stopReason: unknown,
): AnsweredToolCall[] {
  return calls.map((call, index) => {
    let input: unknown;
    let parsed = true;
    try {
      input = call.input.trim() === '' ? {} : JSON.parse(call.input);
    } catch {
      parsed = false;
    }
    const object = input !== null && typeof input === 'object' && !Array.isArray(input);
    const cutOff = stopReason === 'max_tokens' && index === calls.length - 1;
    return { id: call.id, name: call.name, input, truncated: !parsed || !object || cutOff };
  });
}
