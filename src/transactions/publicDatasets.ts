import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransactionFormat } from './formats.ts';

/** The environment variable that moves the public data sets away from `../shared/datasets`. */
export const DATASETS_DIR_ENV = 'RETENTION_DATASETS_DIR';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the public transaction data sets live: `$RETENTION_DATASETS_DIR`, else `../shared/datasets`
 * beside the repository (never copied into it; docs/clv.md says where to download them).
 */
export function datasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[DATASETS_DIR_ENV];
  return configured ? resolve(configured) : resolve(REPO_ROOT, '../shared/datasets');
}

/** The public data sets by name, with the path inside the data sets folder and their format. */
export const PUBLIC_DATASETS = {
  'cdnow-master': { file: 'cdnow/CDNOW_master.txt', format: 'cdnow' },
  'cdnow-sample': { file: 'cdnow/CDNOW_sample.txt', format: 'cdnow-sample' },
  'online-retail': { file: 'online_retail/online_retail.csv.gz', format: 'online-retail' },
} as const satisfies Record<string, { file: string; format: TransactionFormat }>;

export type PublicDatasetName = keyof typeof PUBLIC_DATASETS;

/** The full path of a public data set's file, or of any file below the data sets folder. */
export function datasetPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(datasetsDir(env), file);
}
