import type { OracleColumns } from '../../dataset/index.ts';
import type { Matrix } from '../../ml/matrix.ts';
import { sampleIndexes } from './sampleIndexes.ts';
import { sessionContentHashes } from './sessionHashes.ts';

/** The columns of `readProcessedTable(dir)` (src/dataset/processedTable.ts) that training reads. */
export interface ProcessedRows {
  X: Matrix;
  churn: Float64Array;
  remainingRevenue: Float64Array;
  sessionId: ArrayLike<number>;
  /** 0 train, 1 validation, 2 test. */
  split: Uint8Array;
  oracle?: OracleColumns;
}

/** The rows of one split, ready for fitting and scoring. */
export interface SplitData {
  X: Matrix;
  churn: Float64Array;
  remainingRevenue: Float64Array;
  /** Simulator truth on the same rows, when the data came with an oracle file. */
  oracle?: OracleColumns;
  /** Session of each row (rows stay in session and page order). */
  sessionId: Int32Array;
  rows: number;
  sessions: number;
  /** Per row, the content hash of its session (sessionContentHashes): what "seen in training" compares. */
  sessionHash: Uint32Array;
}

export interface TrainingSplits {
  train: SplitData;
  validation: SplitData;
  test: SplitData;
}

const SPLIT_CODES = { train: 0, validation: 1, test: 2 } as const;

/**
 * Cut the processed table into its train/validation/test rows (the split column the data pipeline
 * assigned by session). `maxTrainRows` keeps a seeded random sample of training rows, in order.
 *
 * @example
 * const { train, test } = splitTable(readProcessedTable('data/processed'), { maxTrainRows: null, seed: 7 });
 */
export function splitTable(
  table: ProcessedRows,
  options: { maxTrainRows: number | null; seed: number },
): TrainingSplits {
  const splits = {} as TrainingSplits;
  const sessionHash = sessionContentHashes(table.X, table.sessionId);
  for (const [name, code] of Object.entries(SPLIT_CODES) as [keyof TrainingSplits, number][]) {
    let indexes = rowsWhere(table.split, code);
    if (name === 'train' && options.maxTrainRows !== null && indexes.length > options.maxTrainRows) {
      indexes = sampleIndexes(indexes, options.maxTrainRows, options.seed);
    }
    if (indexes.length === 0) {
      throw new Error(
        `The processed table has no ${name} rows; prepare more sessions (every split needs some) with \`npm run data:prepare\`.`,
      );
    }
    splits[name] = takeSplit(table, indexes, sessionHash);
  }
  return splits;
}

function rowsWhere(split: Uint8Array, code: number): Int32Array {
  let count = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === code) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < split.length; i++) if (split[i] === code) out[k++] = i;
  return out;
}

function take(values: ArrayLike<number>, indexes: Int32Array): Float64Array {
  const out = new Float64Array(indexes.length);
  for (let k = 0; k < indexes.length; k++) out[k] = values[indexes[k]];
  return out;
}

function takeSplit(table: ProcessedRows, indexes: Int32Array, sessionHash: Uint32Array): SplitData {
  const sessions = new Set<number>();
  for (let k = 0; k < indexes.length; k++) sessions.add(table.sessionId[indexes[k]]);
  return {
    X: table.X.takeRows(indexes),
    churn: take(table.churn, indexes),
    remainingRevenue: take(table.remainingRevenue, indexes),
    oracle: table.oracle && {
      churnProbability: take(table.oracle.churnProbability, indexes),
      remainingRevenue: take(table.oracle.remainingRevenue, indexes),
      observableChurnProbability: take(table.oracle.observableChurnProbability, indexes),
      observableRemainingRevenue: take(table.oracle.observableRemainingRevenue, indexes),
    },
    sessionId: Int32Array.from(indexes, (i) => table.sessionId[i]),
    rows: indexes.length,
    sessions: sessions.size,
    sessionHash: Uint32Array.from(indexes, (i) => sessionHash[i]),
  };
}
