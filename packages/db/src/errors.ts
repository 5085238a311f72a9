/** The database could not be opened at start-up; the message says what to fix, in one line. */
export class DatabaseStartupError extends Error {
  override name = 'DatabaseStartupError';
}

/** A write collided with a unique value (a name, a key hash) or with rows that still depend on it. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Input that names something that does not exist (a provider) or cannot be decoded (a cursor). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// Postgres SQLSTATE codes we translate into the errors above.
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
// Postgres 16+ reports deleting a row that an ON DELETE RESTRICT key still points at with this code.
const RESTRICT_VIOLATION = '23001';

/**
 * Drizzle wraps driver errors (postgres.js PostgresError, PGlite DatabaseError) in DrizzleQueryError,
 * so the SQLSTATE sits somewhere down the `cause` chain.
 */
function sqlState(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => sqlState(error) === UNIQUE_VIOLATION;
export const isForeignKeyViolation = (error: unknown) => {
  const state = sqlState(error);
  return state === FOREIGN_KEY_VIOLATION || state === RESTRICT_VIOLATION;
};

/**
 * The database refused a row for what it holds (SQLSTATE class 22 data exception, 23 integrity
 * violation, 54 program limit such as an index entry too large): sending it again cannot help. Any
 * other failure (connection refused or cut, timeout, shutdown, an unknown error) may pass.
 */
export const isRefusedRow = (error: unknown) => /^(22|23|54)/.test(sqlState(error) ?? '');
