import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { DATASETS_DIR_ENV, datasetPath, datasetsDir } from '../../src/transactions/index.ts';

/** The public data sets (../shared/datasets or $RETENTION_DATASETS_DIR), read in place. */
export const DATASETS_DIR = datasetsDir();
export const HAS_DATASETS = existsSync(DATASETS_DIR);

/**
 * `describe` for suites that read the public data sets: skipped, with a message saying why, only when
 * the folder is absent (a clone without the shared data); it is present on the team machines and in CI.
 */
export const describeWithDatasets = describe.skipIf(!HAS_DATASETS);
if (!HAS_DATASETS) {
  console.warn(
    `Skipping the suites on public transaction data: ${DATASETS_DIR} does not exist ` +
      `(set ${DATASETS_DIR_ENV} to the folder holding cdnow/ and online_retail/, see docs/clv.md).`,
  );
}

export { datasetPath };
