import type { Protocol } from '@aurora/translate/protocols';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

// Property names are snake_case on purpose: they are the admin API's and aurora.yaml's field names,
// so rows map onto API objects without a renaming layer.

// Millisecond precision makes a timestamp round-trip exactly through a JS Date, which keyset cursors
// over request_logs rely on.
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });
const createdAt = () => timestamptz('created_at').notNull().defaultNow();
const updatedAt = () =>
  timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** A provider's kind is the protocol it answers in. */
export type ProviderKind = Protocol;

export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    kind: text('kind').$type<ProviderKind>().notNull(),
    base_url: text('base_url').notNull(),
    // Ciphertext only: the gateway encrypts provider secrets before they reach this package.
    api_key_encrypted: text('api_key_encrypted'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    quirks: jsonb('quirks').$type<Record<string, unknown>>().notNull().default({}),
    preset: text('preset'),
    allow_direct: boolean('allow_direct').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    from_config: boolean('from_config').notNull().default(false),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  // The list is @aurora/translate's `protocols`, spelled out as the migrations have it.
  (t) => [check('providers_kind_check', sql`${t.kind} in ('openai', 'anthropic')`)],
);

/** A fallback target is named by provider name, as in aurora.yaml. */
export type AliasFallback = { provider: string; model: string };

export const modelAliases = pgTable(
  'model_aliases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // May be a glob such as `claude-*`; matching happens in the gateway's in-memory registry.
    name: text('name').notNull().unique(),
    // Restrict: deleting a provider that aliases still route to must be refused, not cascade.
    provider_id: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'restrict' }),
    model: text('model').notNull(),
    fallbacks: jsonb('fallbacks').$type<AliasFallback[]>().notNull().default([]),
    max_output_tokens: integer('max_output_tokens'),
    context_window: integer('context_window'),
    reasoning: boolean('reasoning').notNull().default(false),
    supports_tools: boolean('supports_tools').notNull().default(true),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    input_price_per_mtok: doublePrecision('input_price_per_mtok'),
    output_price_per_mtok: doublePrecision('output_price_per_mtok'),
    // Prompt tokens read from the provider's cache; null charges them at the input price.
    cached_input_price_per_mtok: doublePrecision('cached_input_price_per_mtok'),
    // The alias that answers auto mode's checks for requests to this alias; null: the key's or the gateway's.
    auto_mode_judge: text('auto_mode_judge'),
    enabled: boolean('enabled').notNull().default(true),
    from_config: boolean('from_config').notNull().default(false),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [index('model_aliases_provider_id_idx').on(t.provider_id)],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  // SHA-256 hex of the full key; the key itself is never stored.
  key_hash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  created_at: createdAt(),
  last_used_at: timestamptz('last_used_at'),
  expires_at: timestamptz('expires_at'),
  revoked_at: timestamptz('revoked_at'),
  // Alias names or globs; null means every alias.
  allowed_aliases: text('allowed_aliases').array(),
  rpm_limit: integer('rpm_limit'),
  tpm_limit: integer('tpm_limit'),
  budget_tokens: bigint('budget_tokens', { mode: 'number' }),
  budget_usd: doublePrecision('budget_usd'),
  // The alias that answers auto mode's checks for this key's requests; null: the alias's or the gateway's.
  auto_mode_judge: text('auto_mode_judge'),
});

/** The protocol a client called in. */
export type Ingress = Protocol;

/**
 * One target tried for a request: `status` is what it answered (0 when it never answered), `tries`
 * counts its retries too.
 */
export interface AttemptLogEntry {
  provider: string;
  model: string;
  status: number;
  tries: number;
  ms: number;
  error?: string;
}

export const requestLogs = pgTable(
  'request_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    created_at: createdAt(),
    // No foreign key: a log row is history, and a batch insert must not fail because a key changed.
    key_id: uuid('key_id'),
    // The display prefix of the key presented, also when it matched no key (a refused 401).
    key_prefix: text('key_prefix'),
    // What the client asked for, even when it matched no alias.
    alias: text('alias'),
    provider: text('provider'),
    upstream_model: text('upstream_model'),
    ingress: text('ingress').$type<Ingress>().notNull(),
    streamed: boolean('streamed').notNull().default(false),
    status: integer('status').notNull(),
    error_type: text('error_type'),
    error_message: text('error_message'),
    // input_tokens counts the whole prompt; cached_tokens is the part of it read from a provider cache.
    input_tokens: integer('input_tokens').notNull().default(0),
    output_tokens: integer('output_tokens').notNull().default(0),
    cached_tokens: integer('cached_tokens').notNull().default(0),
    // Null when the alias has no price.
    cost_usd: doublePrecision('cost_usd'),
    latency_ms: integer('latency_ms').notNull(),
    ttfb_ms: integer('ttfb_ms'),
    attempts: integer('attempts').notNull().default(1),
    // Each target tried, in order, with its outcome: [{provider, model, status, error?, ms}].
    attempt_log: jsonb('attempt_log').$type<AttemptLogEntry[]>(),
    session_id: text('session_id'),
    // The `request-id` header the gateway answered with, for finding a request a client reported.
    request_id: text('request_id'),
    // Only filled when the operator turns on log_bodies.
    request_body: jsonb('request_body'),
    response_body: jsonb('response_body'),
  },
  (t) => [
    // (created_at, id) is the keyset order of the logs page and serves time-window scans.
    index('request_logs_created_at_id_idx').on(t.created_at, t.id),
    index('request_logs_key_id_created_at_idx').on(t.key_id, t.created_at),
    index('request_logs_alias_created_at_idx').on(t.alias, t.created_at),
    index('request_logs_status_idx').on(t.status),
    index('request_logs_session_id_idx').on(t.session_id),
    index('request_logs_request_id_idx').on(t.request_id),
    check('request_logs_ingress_check', sql`${t.ingress} in ('anthropic', 'openai')`),
  ],
);

/**
 * One row counting every change to providers, aliases and keys. Triggers bump it (and NOTIFY
 * `aurora_registry`) in the writing transaction, so no writer can forget to; gateways compare it with
 * the revision they loaded to know whether their in-memory registry is current.
 */
export const registryRevision = pgTable(
  'registry_revision',
  {
    id: boolean('id').primaryKey().default(true),
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('registry_revision_single_row', sql`${t.id}`)],
);

export type Provider = typeof providers.$inferSelect;
export type NewProvider = typeof providers.$inferInsert;
export type ModelAliasRow = typeof modelAliases.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type RequestLog = typeof requestLogs.$inferSelect;
export type NewRequestLog = typeof requestLogs.$inferInsert;
