export { displayPrefixOf, type GeneratedApiKey, generateApiKey, hashApiKey } from './api-key-secret';
export {
  type AuroraDb,
  type Database,
  type Engine,
  maskDatabaseUrl,
  type OpenDatabaseOptions,
  openDatabase,
} from './client';
export { ConflictError, DatabaseStartupError, InvalidInputError, isRefusedRow } from './errors';
export { defaultMigrationsFolder, type MigrateOptions, migrate } from './migrate';
export * from './repositories/aliases';
export * from './repositories/api-keys';
export * from './repositories/providers';
export * from './repositories/registry-revision';
export * from './repositories/request-logs';
export * from './repositories/usage';
export * from './schema';
