const leadingModel = /^\s*\{\s*"model"\s*:\s*"/;

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === 0x5c /* \ */) slashes++;
  return slashes % 2 === 1;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1 && escaped(text, at)) at = text.indexOf('"', at + 1);
  return at;
}

/**
 * How many times the string `"model"` stands directly in the top-level object (as a key, or a value,
 * which only errs on the safe side). Strings are skipped with indexOf, so the cost is per string, not
 * per character inside them.
 */
function topLevelModels(text: string): number {
  let depth = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22 /* " */) {
      const close = closingQuote(text, i);
      if (close === -1) return -1;
      if (depth === 1 && close - i === 6 && text.startsWith('model', i + 1)) count++;
      i = close;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) depth++;
    else if (char === 0x7d /* } */ || char === 0x5d /* ] */) depth--;
  }
  return count;
}

/**
 * `text` (a JSON object already parsed as `sent`) with its `model` replaced by `model`, the rest byte
 * for byte as the client sent it — or undefined when that is not certain to mean the same as
 * re-serialising: only when `model` is the first key, its value reads back as `sent.model`, and it is
 * the only top-level `model` (a duplicate key would win in the provider's parser).
 */
export function spliceModel(text: string, sent: { model: string }, model: string): string | undefined {
  const head = leadingModel.exec(text);
  if (!head) return undefined;
  const open = head[0].length - 1;
  const close = closingQuote(text, open);
  if (close === -1) return undefined;
  const value = text.slice(open, close + 1);
  if ((value.includes('\\') ? JSON.parse(value) : value.slice(1, -1)) !== sent.model) return undefined;
  if (topLevelModels(text) !== 1) return undefined;
  return text.slice(0, open) + JSON.stringify(model) + text.slice(close + 1);
}
