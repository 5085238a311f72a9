import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { keyBodySchema } from '@aurora/contract';
import { MASTER_KEY_FILE } from '../config/master-key.js';
import type { AuroraConfig } from '../config/schema.js';
import { describeZodError } from '../http/json-body.js';
import { databaseKeyStore } from './database-key-store.js';
import { expiryFrom } from './duration.js';
import { httpKeyStore } from './http-key-store.js';
import { CliError, type KeyStore } from './key-store.js';

export const keyCommandsUsage = `  keys create --name N [--expires 30d] [--aliases a,b] [--rpm N] [--tpm N]
              [--budget-tokens N] [--budget-usd X]
  keys list
  keys revoke ID
  aliases list

These talk to the running gateway (AURORA_URL, default http://localhost:8080, with the master key),
or to the database directly when no gateway answers.`;

async function gatewayAnswers(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1_500) });
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

async function openStore(config: AuroraConfig, env: NodeJS.ProcessEnv): Promise<KeyStore> {
  const baseUrl = (env.AURORA_URL ?? `http://localhost:${config.port || 8080}`).replace(/\/+$/, '');
  if (await gatewayAnswers(baseUrl)) {
    const masterKey = masterKeyOf(config);
    if (!masterKey)
      throw new CliError(
        `a gateway answers at ${baseUrl}, but no master key is known: set AURORA_MASTER_KEY`,
      );
    return httpKeyStore(baseUrl, masterKey);
  }
  try {
    return await databaseKeyStore(config);
  } catch (error) {
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

function createBody(args: string[]) {
  const { values } = parseArgs({
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
  });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  let expires: string | undefined;
  try {
    expires = values.expires ? expiryFrom(values.expires) : undefined;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const body = keyBodySchema.safeParse({
    name: values.name,
    expires_at: expires,
    allowed_aliases: values.aliases
      ?.split(',')
      .map((alias) => alias.trim())
      .filter(Boolean),
    rpm_limit: number(values.rpm),
    tpm_limit: number(values.tpm),
    budget_tokens: number(values['budget-tokens']),
    budget_usd: number(values['budget-usd']),
  });
  if (!body.success) {
    const { message } = describeZodError(body.error);
    throw new CliError(`keys create: ${message.replace(/^name:/, '--name:')}`);
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
    throw new CliError('keys revoke: give the key id (see aurora keys list)');
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
      const revoked = await store.revokeKey(rest[0]!);
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
