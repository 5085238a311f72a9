import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keyBodySchema } from '@aurora/contract';
import { MASTER_KEY_FILE } from '../config/master-key.js';
import type { AuroraConfig } from '../config/schema.js';
import { DataDirBusyError, readDataDirOwner } from '../data-dir-owner.js';
import { databaseKeyStore } from './database-key-store.js';
import { expiryFrom } from './duration.js';
import { httpKeyStore } from './http-key-store.js';
import { findKey } from './key-reference.js';
import { CliError, type KeyStore } from './key-store.js';

export const keyCommandsUsage = `  keys create --name N [--expires 30d] [--aliases a,b] [--rpm N] [--tpm N]
              [--budget-tokens N] [--budget-usd X]
  keys list
  keys revoke KEY      (KEY: the key's id, name or prefix, as keys list shows them)
  aliases list

These talk to the running gateway of this config and data_dir (found through data_dir, or AURORA_URL),
with the master key; with the embedded database and no gateway running they open it themselves.`;

async function gatewayAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function masterKeyOf(config: AuroraConfig): string | undefined {
  if (config.master_key) return config.master_key;
  const path = join(config.data_dir, MASTER_KEY_FILE);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

/**
 * The gateway when one answers, else the database. The embedded database is opened only when this
 * process can own it: a second opener would read a stale copy and lose its writes.
 */
async function openStore(config: AuroraConfig, env: NodeJS.ProcessEnv): Promise<KeyStore> {
  const embedded = !config.database_url;
  const owner = embedded ? readDataDirOwner(config.data_dir) : undefined;
  const baseUrl = (env.AURORA_URL ?? owner?.url ?? `http://localhost:${config.port || 8080}`).replace(
    /\/+$/,
    '',
  );
  if (await gatewayAnswers(baseUrl)) {
    const masterKey = masterKeyOf(config);
    if (!masterKey)
      throw new CliError(
        `a gateway answers at ${baseUrl}, but no master key is known: set AURORA_MASTER_KEY`,
      );
    return httpKeyStore(baseUrl, masterKey);
  }
  if (owner)
    throw new CliError(
      `process ${owner.pid} (aurora ${owner.command}) holds the embedded database in ${config.data_dir}${owner.url ? ` but does not answer at ${owner.url}` : ''}: wait until it is up and run this again, or stop it first`,
    );
  try {
    return await databaseKeyStore(config);
  } catch (error) {
    if (error instanceof DataDirBusyError)
      throw new CliError(`${error.message}: wait until it answers and run this again, or stop it first`);
    throw new CliError(`no gateway answers at ${baseUrl} (set AURORA_URL) and ${(error as Error).message}`);
  }
}

const table = (rows: Record<string, string>[]): string => {
  if (rows.length === 0) return '(none)';
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c]!)))].join('\n');
};

/** `--rpm 60` and the like: a number above zero (whole unless `fraction`), in plain words otherwise. */
function positiveFlag(flag: string, value: string | undefined, fraction = false): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (!fraction && !Number.isInteger(number)))
    throw new CliError(
      `keys create: ${flag} takes ${fraction ? 'a number' : 'a whole number'} above 0, not "${value}"`,
    );
  return number;
}

// Which flag sets which field of the key body, to name the flag in a refusal.
const flagOf: Record<string, string> = {
  name: '--name',
  expires_at: '--expires',
  allowed_aliases: '--aliases',
};

function createBody(args: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        expires: { type: 'string' },
        aliases: { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        'budget-tokens': { type: 'string' },
        'budget-usd': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError(`keys create: ${(error as Error).message.split('.')[0]}; see aurora --help`);
  }
  const text = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  const name = text('name');
  if (!name?.trim())
    throw new CliError('keys create: --name is required, e.g. aurora keys create --name ci-bot');
  let expires: string | undefined;
  try {
    expires = text('expires') ? expiryFrom(text('expires')!) : undefined;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const body = keyBodySchema.safeParse({
    name,
    expires_at: expires,
    allowed_aliases: text('aliases')
      ?.split(',')
      .map((alias) => alias.trim())
      .filter(Boolean),
    rpm_limit: positiveFlag('--rpm', text('rpm')),
    tpm_limit: positiveFlag('--tpm', text('tpm')),
    budget_tokens: positiveFlag('--budget-tokens', text('budget-tokens')),
    budget_usd: positiveFlag('--budget-usd', text('budget-usd'), true),
  });
  if (!body.success) {
    const issue = body.error.issues[0]!;
    const flag = flagOf[String(issue.path[0])] ?? String(issue.path[0]);
    throw new CliError(`keys create: ${flag}: ${issue.message}`);
  }
  return body.data;
}

/** `aurora keys …` and `aurora aliases list`; prints to `out`. */
export async function runKeyCommand(
  args: string[],
  config: AuroraConfig,
  out: (text: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const [group, action, ...rest] = args;
  const known =
    (group === 'keys' && ['create', 'list', 'revoke'].includes(action ?? '')) ||
    (group === 'aliases' && action === 'list');
  if (!known) throw new CliError(`unknown command "${args.join(' ')}"; commands:\n${keyCommandsUsage}`);
  if (group === 'keys' && action === 'revoke' && !rest[0])
    throw new CliError("keys revoke: give the key's id, name or prefix (see aurora keys list)");
  const body = group === 'keys' && action === 'create' ? createBody(rest) : undefined;

  const store = await openStore(config, env);
  try {
    if (body) {
      const created = await store.createKey(body);
      out(`Created key "${created.name}" (id ${created.id}) through ${store.describe}.`);
      out('It is shown only this once:');
      out(created.key);
    } else if (group === 'keys' && action === 'list') {
      const keys = await store.listKeys();
      out(
        table(
          keys.map((k) => ({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            status: k.revoked_at
              ? 'revoked'
              : k.expires_at && Date.parse(k.expires_at) <= Date.now()
                ? 'expired'
                : 'active',
            last_used: k.last_used_at ?? '-',
            expires: k.expires_at ?? '-',
            spend_usd: k.spend_usd.toFixed(4),
          })),
        ),
      );
    } else if (group === 'keys') {
      const target = findKey(await store.listKeys(), rest[0]!);
      if (target.revoked_at)
        throw new CliError(`key "${target.name}" (${target.prefix}…) is already revoked`);
      const revoked = await store.revokeKey(target.id);
      out(`Revoked key "${revoked.name}" (${revoked.prefix}…).`);
    } else {
      const aliases = await store.listAliases();
      out(
        table(
          aliases.map((a) => ({
            name: a.name,
            provider: a.provider,
            model: a.model,
            enabled: String(a.enabled),
            max_output_tokens:
              a.max_output_tokens === undefined || a.max_output_tokens === null
                ? '-'
                : String(a.max_output_tokens),
          })),
        ),
      );
    }
  } finally {
    await store.close();
  }
}
