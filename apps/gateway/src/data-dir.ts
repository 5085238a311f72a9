import { accessSync, constants, mkdirSync } from 'node:fs';
import { StartupError } from './startup-error.js';

/** Creates `data_dir` if needed and proves it writable before anything is stored there. */
export function ensureDataDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new StartupError(
      `data_dir ${path} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set AURORA_DATA_DIR to a folder this user can write`,
    );
  }
}
