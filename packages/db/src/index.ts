export {
  type AuroraDb,
  type Database,
  type Engine,
  maskDatabaseUrl,
  type OpenDatabaseOptions,
  openDatabase,
} from './client';
export { ConflictError, DatabaseStartupError, InvalidInputError } from './errors';
export { defaultMigrationsFolder, type MigrateOptions, migrate } from './migrate';
export * from './schema';
