import type { z } from 'zod';
import { type FieldErrors, fieldErrorsFromZod } from './api/errors';

export type ParsedForm<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

/** Validates what a form read with the API's own schema, keeping the errors of reading it too. */
export function parseForm<T>(schema: z.ZodType<T>, candidate: unknown, errors: FieldErrors): ParsedForm<T> {
  const parsed = schema.safeParse(candidate);
  const allErrors = { ...(parsed.success ? {} : fieldErrorsFromZod(parsed.error)), ...errors };
  if (Object.keys(allErrors).length > 0 || !parsed.success) return { ok: false, errors: allErrors };
  return { ok: true, body: parsed.data };
}

/**
 * Forms hold what the user typed as text; these turn it into the API's types, recording an error at
 * the field when the text can't be one, so the zod schema only ever sees well-typed values.
 */
export function readNumber(text: string, field: string, errors: FieldErrors): number | undefined {
  const trimmed = text.trim().replaceAll('_', '');
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  if (Number.isNaN(value)) {
    errors[field] = 'Enter a number';
    return undefined;
  }
  return value;
}

export function readJsonObject(
  text: string,
  field: string,
  errors: FieldErrors,
): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    errors[field] = 'Enter a JSON object such as {"temperature": 0.6}';
  } catch (error) {
    errors[field] = `Not valid JSON: ${(error as Error).message}`;
  }
  return undefined;
}

/** Splits a list typed with commas, spaces or newlines. */
export function readList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function jsonText(value: Record<string, unknown> | undefined | null): string {
  return value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '';
}

export function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
