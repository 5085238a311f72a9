const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from URLs (`/admin/api/keys/:id`); Postgres rejects a malformed uuid with an error, but for
 * callers such an id simply names nothing, so lookups answer null instead of asking the database.
 */
export const isUuid = (value: string) => UUID.test(value);
