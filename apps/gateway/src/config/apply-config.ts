import type { ProviderBody } from '@aurora/contract';
import { type Database, listAliases, upsertAliasByName, upsertProviderByName } from '@aurora/db';
import { checkJudgeAlias } from '../routes/admin/judge-alias.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { StartupError } from '../startup-error.js';
import { fillFromPreset, ProviderPresetError } from './provider-preset.js';
import type { AuroraConfig } from './schema.js';

/** A YAML provider entry as a database row: the preset fills what the entry leaves out. */
function providerRow(entry: ProviderBody, index: number, secrets: SecretBox) {
  let filled: ReturnType<typeof fillFromPreset>;
  try {
    filled = fillFromPreset(entry);
  } catch (error) {
    if (!(error instanceof ProviderPresetError)) throw error;
    throw new StartupError(`providers.${index}.${error.field}: ${error.message}`);
  }
  return {
    name: entry.name,
    ...filled,
    api_key_encrypted: entry.api_key === undefined ? undefined : secrets.seal(entry.api_key),
    headers: entry.headers,
    quirks: entry.quirks,
    allow_direct: entry.allow_direct,
    enabled: entry.enabled,
  };
}

/**
 * Config as code: upserts every provider and alias of the file by name at start. The file
 * wins for the fields it sets; entries removed from the file stay in the database.
 */
export async function applyConfigEntries(
  database: Database,
  config: Pick<AuroraConfig, 'providers' | 'aliases'>,
  secrets: SecretBox,
): Promise<void> {
  if (config.providers.length === 0 && config.aliases.length === 0) return;
  const rows = config.providers.map((entry, index) => providerRow(entry, index, secrets));
  // One transaction: a bad alias leaves none of the file's entries half-applied.
  await database.db.transaction(async (tx) => {
    for (const row of rows) await upsertProviderByName(tx, row);
    for (const [index, entry] of config.aliases.entries()) {
      try {
        await upsertAliasByName(tx, entry);
      } catch (error) {
        const field = (error as { field?: string }).field;
        throw new StartupError(`aliases.${index}${field ? `.${field}` : ''}: ${(error as Error).message}`);
      }
    }
    // After every upsert: an alias may name a judge the file defines further down.
    const names = (await listAliases(tx)).map((alias) => alias.name);
    for (const [index, entry] of config.aliases.entries()) {
      try {
        checkJudgeAlias(entry.auto_mode_judge, names);
      } catch (error) {
        throw new StartupError(`aliases.${index}.auto_mode_judge: ${(error as Error).message}`);
      }
    }
  });
}
