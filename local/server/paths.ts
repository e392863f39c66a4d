import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, resolved from this file so tsx, vitest and the CLI agree. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.data');
