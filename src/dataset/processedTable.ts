import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { FEATURE_VERSION } from '../features/index.ts';
import { Matrix } from '../ml/matrix.ts';
import { FEATURES_FILE, MANIFEST_FILE, type ProcessedManifest, processedManifestSchema } from './manifest.ts';
import { SPLIT_NAMES } from './splits.ts';

/** The processed table, column by column (typed arrays, one entry per page row). */
export interface ProcessedTable {
  manifest: ProcessedManifest;
  /** The features, in `manifest.featureNames` order. */
  X: Matrix;
  churn: Float64Array;
  remainingRevenue: Float64Array;
  sessionRevenue: Float64Array;
  revenueSoFar: Float64Array;
  sessionId: Int32Array;
  pageId: Int16Array;
  lineNumber: Int32Array;
  /** 0 train, 1 validation, 2 test. */
  split: Uint8Array;
  oracle?: OracleColumns;
}

/**
 * The simulator's truth on each row: the full oracle (it knows the latent intent) and the observable
 * oracle (the best use of what the log shows; see src/data/simulator/observableOracle.ts).
 */
export interface OracleColumns {
  churnProbability: Float64Array;
  remainingRevenue: Float64Array;
  observableChurnProbability: Float64Array;
  observableRemainingRevenue: Float64Array;
}

/** The processed folder is missing, inconsistent, or from another feature version. */
export class ProcessedTableError extends Error {
  override name = 'ProcessedTableError';
}

/**
 * Read `features.arrow` + `manifest.json` written by `npm run data:prepare`. Validates the manifest
 * and refuses a table built with another feature version than the code's (`FEATURE_VERSION`).
 *
 * @param options.featureVersion the version to require (default: the current `FEATURE_VERSION`)
 * @example
 * const table = readProcessedTable('data/processed');
 * const trainRows = table.split.filter((code) => code === 0).length;
 */
export function readProcessedTable(dir: string, options: { featureVersion?: string } = {}): ProcessedTable {
  const manifestPath = join(dir, MANIFEST_FILE);
  const featuresPath = join(dir, FEATURES_FILE);
  if (!existsSync(manifestPath) || !existsSync(featuresPath)) {
    throw new ProcessedTableError(
      `${dir} has no ${FEATURES_FILE} + ${MANIFEST_FILE}; run \`npm run data:prepare\` first (see docs/data.md).`,
    );
  }
  const manifest = readManifest(manifestPath);
  const expected = options.featureVersion ?? FEATURE_VERSION;
  if (manifest.featureVersion !== expected) {
    throw new ProcessedTableError(
      `${manifestPath}: features are version "${manifest.featureVersion}" but the code computes version "${expected}"; ` +
        'rerun `npm run data:prepare` to rebuild the table with the current feature function.',
    );
  }
  const table = tableFromIPC(readFileSync(featuresPath));
  if (table.numRows !== manifest.rows) {
    throw new ProcessedTableError(
      `${featuresPath} has ${table.numRows} rows but the manifest says ${manifest.rows}; rerun \`npm run data:prepare\`.`,
    );
  }
  const column = <T>(name: string): T => {
    const vector = table.getChild(name);
    if (vector === null) {
      throw new ProcessedTableError(
        `${featuresPath} has no column "${name}"; rerun \`npm run data:prepare\`.`,
      );
    }
    return vector.toArray() as T;
  };
  const X = new Matrix(
    manifest.featureNames,
    manifest.featureNames.map((name) => column<Float64Array>(name)),
  );
  // When a feature is named pageId, the table holds that one (Float64) instead of a second column.
  const pageId = manifest.featureNames.includes('pageId')
    ? Int16Array.from(column<Float64Array>('pageId'))
    : column<Int16Array>('pageId');
  return {
    manifest,
    X,
    churn: column('churn'),
    remainingRevenue: column('remainingRevenue'),
    sessionRevenue: column('sessionRevenue'),
    revenueSoFar: column('revenueSoFar'),
    sessionId: column('sessionId'),
    pageId,
    lineNumber: column('lineNumber'),
    split: splitCodes(table.getChild('split')?.data ?? [], featuresPath),
    oracle: manifest.hasOracle
      ? {
          churnProbability: column('oracleChurnProbability'),
          remainingRevenue: column('oracleRemainingRevenue'),
          observableChurnProbability: column('observableOracleChurnProbability'),
          observableRemainingRevenue: column('observableOracleRemainingRevenue'),
        }
      : undefined,
  };
}

function readManifest(path: string): ProcessedManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ProcessedTableError(
      `${path} is not valid JSON (${(error as Error).message}); rerun \`npm run data:prepare\`.`,
    );
  }
  const parsed = processedManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new ProcessedTableError(`${path} is not a valid manifest: ${problems.slice(0, 5).join('; ')}.`);
  }
  return parsed.data as ProcessedManifest;
}

const SPLIT_NAME_BYTES = SPLIT_NAMES.map((name) => Buffer.from(name, 'utf8'));

/** Split codes straight from the Utf8 buffers (no string per row): each value's bytes matched against the names. */
function splitCodes(chunks: readonly SplitChunk[], path: string): Uint8Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const codes = new Uint8Array(total);
  let row = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, row++) {
      const code = splitCode(chunk.values, chunk.valueOffsets[i], chunk.valueOffsets[i + 1]);
      if (code < 0)
        throw new ProcessedTableError(`${path}: row ${row} has a split that is not train/validation/test.`);
      codes[row] = code;
    }
  }
  return codes;
}

/** Index in SPLIT_NAMES of the UTF-8 text `bytes[start, end)`, or -1. */
function splitCode(bytes: Uint8Array, start: number, end: number): number {
  for (let code = 0; code < SPLIT_NAME_BYTES.length; code++) {
    const name = SPLIT_NAME_BYTES[code];
    if (name.length !== end - start) continue;
    let k = 0;
    while (k < name.length && bytes[start + k] === name[k]) k++;
    if (k === name.length) return code;
  }
  return -1;
}

interface SplitChunk {
  length: number;
  valueOffsets: Int32Array;
  values: Uint8Array;
}
