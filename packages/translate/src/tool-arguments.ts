import { jsonrepair } from 'jsonrepair';
import { TranslationError } from './errors.js';

/**
 * Tool-call `arguments` (a JSON string) → the object Anthropic's `tool_use.input` must be. Empty means
 * no arguments; slightly broken JSON (trailing commas, missing braces, single quotes) is repaired;
 * some providers double-encode the object as a JSON string.
 */
export function parseToolArguments(
  args: string | null | undefined,
  toolName: string,
  decoded = false,
): Record<string, unknown> {
  if (!args?.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    try {
      value = JSON.parse(jsonrepair(args));
    } catch {
      throw new TranslationError(
        'api_error',
        `the upstream model returned arguments for tool "${toolName}" that are not valid JSON: ${args.slice(0, 200)}`,
      );
    }
  }
  // Unwrapped once only: repairing a bare word yields a string again, forever.
  if (typeof value === 'string' && !decoded) return parseToolArguments(value, toolName, true);
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new TranslationError(
    'api_error',
    `the upstream model returned arguments for tool "${toolName}" that are not a JSON object: ${args.slice(0, 200)}`,
  );
}

/**
 * For streamed arguments that were already forwarded verbatim: the text that, appended, makes them
 * valid JSON (typically missing closing braces), or '' when they are valid or cannot be fixed by appending.
 */
export function argumentsCompletion(args: string): string {
  if (!args.trim()) return '';
  try {
    JSON.parse(args);
    return '';
  } catch {
    try {
      const repaired = jsonrepair(args);
      return repaired.startsWith(args) ? repaired.slice(args.length) : '';
    } catch {
      return '';
    }
  }
}
