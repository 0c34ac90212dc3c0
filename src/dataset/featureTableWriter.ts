import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import {
  type Data,
  type DataType,
  Field,
  Float64,
  Int16,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Utf8,
} from 'apache-arrow';
import { SPLIT_NAMES } from './splits.ts';

/** One row's values besides the features, handed to {@link FeatureTableWriter.append}. */
export interface RowMeta {
  sessionId: number;
  pageId: number;
  lineNumber: number;
  inputIndex: number;
  /** 0 train, 1 validation, 2 test. */
  split: number;
  churn: number;
  remainingRevenue: number;
  sessionRevenue: number;
  revenueSoFar: number;
  oracleChurnProbability: number;
  oracleRemainingRevenue: number;
  observableOracleChurnProbability: number;
  observableOracleRemainingRevenue: number;
}

/** A RowMeta to fill row by row (one object reused for every row: no per-row allocation). */
export function emptyRowMeta(): RowMeta {
  return {
    sessionId: 0,
    pageId: 0,
    lineNumber: 0,
    inputIndex: 0,
    split: 0,
    churn: 0,
    remainingRevenue: 0,
    sessionRevenue: 0,
    revenueSoFar: 0,
    oracleChurnProbability: Number.NaN,
    oracleRemainingRevenue: Number.NaN,
    observableOracleChurnProbability: Number.NaN,
    observableOracleRemainingRevenue: Number.NaN,
  };
}

/**
 * Many rows at once, column by column, for {@link FeatureTableWriter.appendColumns}: features
 * column-major (feature j of row i at `features[j * featureStride + i]`), the rest one array per
 * column, labels and oracle columns in the table's order.
 */
export interface RowColumns {
  features: Float64Array;
  featureStride: number;
  sessionId: Int32Array;
  pageId: Int16Array;
  lineNumber: Int32Array;
  /** The same for every row of the call. */
  inputIndex: number;
  split: Uint8Array;
  /** churn, remainingRevenue, sessionRevenue, revenueSoFar. */
  labels: readonly Float64Array[];
  /** The four oracle columns (read only when the table has them). */
  oracle: readonly Float64Array[];
}

const SPLIT_BYTES = SPLIT_NAMES.map((name) => Buffer.from(name, 'latin1'));
const LABELS = ['churn', 'remainingRevenue', 'sessionRevenue', 'revenueSoFar'] as const;
const ORACLE = [
  'oracleChurnProbability',
  'oracleRemainingRevenue',
  'observableOracleChurnProbability',
  'observableOracleRemainingRevenue',
] as const;

/**
 * Writes `features.arrow` in record batches of `batchRows` rows, so memory stays bounded whatever
 * the input size. Columns: the features (Float64), `sessionId` (Int32), `pageId` (Int16, only when
 * no feature is already named `pageId` — the feature holds the same value), `lineNumber` (Int32),
 * `inputIndex` (Int16), `split` (Utf8), the labels (Float64) and, with an oracle, the oracle columns.
 *
 * @example
 * const writer = new FeatureTableWriter('out/features.arrow', FEATURE_NAMES, { hasOracle: false });
 * writer.append(x, meta);
 * await writer.close();
 */
export class FeatureTableWriter {
  readonly columnNames: string[];
  private readonly schema: Schema;
  private readonly writer = new RecordBatchFileWriter();
  private readonly out: WriteStream;
  // The columns of the batch being filled; each full batch keeps its arrays, the next gets new ones.
  private features!: Float64Array[];
  private sessionId!: Int32Array;
  private pageId!: Int16Array;
  private lineNumber!: Int32Array;
  private inputIndex!: Int16Array;
  private split!: Uint8Array;
  private labels!: Float64Array[];
  private oracle!: Float64Array[];
  private readonly batchRows: number;
  private readonly featureCount: number;
  private readonly writesPageId: boolean;
  private rows = 0;
  private failure: Error | null = null;

  constructor(
    path: string,
    featureNames: readonly string[],
    private readonly options: { hasOracle: boolean; batchRows?: number },
  ) {
    this.batchRows = options.batchRows ?? 32_768;
    this.featureCount = featureNames.length;
    this.writesPageId = !featureNames.includes('pageId');
    const fields: Field[] = featureNames.map((name) => new Field(name, new Float64(), false));
    const add = (name: string, type: DataType) => fields.push(new Field(name, type, false));
    add('sessionId', new Int32());
    if (this.writesPageId) add('pageId', new Int16());
    add('lineNumber', new Int32());
    add('inputIndex', new Int16());
    add('split', new Utf8());
    for (const name of LABELS) add(name, new Float64());
    if (options.hasOracle) for (const name of ORACLE) add(name, new Float64());
    this.schema = new Schema(fields);
    this.columnNames = fields.map((field) => field.name);
    this.allocateColumns();
    this.out = createWriteStream(path);
    this.out.on('error', (error) => {
      this.failure = error;
    });
    this.writer.pipe(this.out);
  }

  /**
   * Append one row: its features in `FEATURE_NAMES` order, from `features[offset …]` (a row-major
   * block of many rows needs no copy per row). Returns a promise to await when the batch was full.
   */
  append(features: Float64Array, meta: RowMeta, offset = 0): Promise<void> | undefined {
    const row = this.rows++;
    for (let j = 0; j < this.features.length; j++) this.features[j][row] = features[offset + j];
    this.sessionId[row] = meta.sessionId;
    this.pageId[row] = meta.pageId;
    this.lineNumber[row] = meta.lineNumber;
    this.inputIndex[row] = meta.inputIndex;
    this.split[row] = meta.split;
    this.labels[0][row] = meta.churn;
    this.labels[1][row] = meta.remainingRevenue;
    this.labels[2][row] = meta.sessionRevenue;
    this.labels[3][row] = meta.revenueSoFar;
    if (this.options.hasOracle) {
      this.oracle[0][row] = meta.oracleChurnProbability;
      this.oracle[1][row] = meta.oracleRemainingRevenue;
      this.oracle[2][row] = meta.observableOracleChurnProbability;
      this.oracle[3][row] = meta.observableOracleRemainingRevenue;
    }
    return this.rows === this.sessionId.length ? this.flush() : undefined;
  }

  /**
   * Append `rows` rows given column by column: one copy per column and batch instead of one store
   * per value and row. The batches are the same as appending the rows one by one.
   */
  async appendColumns(columns: RowColumns, rows: number): Promise<void> {
    const capacity = this.sessionId.length;
    for (let from = 0; from < rows; ) {
      const n = Math.min(rows - from, capacity - this.rows);
      const at = this.rows;
      const to = from + n;
      for (let j = 0; j < this.features.length; j++) {
        const offset = j * columns.featureStride;
        this.features[j].set(columns.features.subarray(offset + from, offset + to), at);
      }
      this.sessionId.set(columns.sessionId.subarray(from, to), at);
      this.pageId.set(columns.pageId.subarray(from, to), at);
      this.lineNumber.set(columns.lineNumber.subarray(from, to), at);
      this.inputIndex.fill(columns.inputIndex, at, at + n);
      this.split.set(columns.split.subarray(from, to), at);
      for (let k = 0; k < this.labels.length; k++)
        this.labels[k].set(columns.labels[k].subarray(from, to), at);
      for (let k = 0; k < this.oracle.length; k++)
        this.oracle[k].set(columns.oracle[k].subarray(from, to), at);
      this.rows += n;
      from = to;
      if (this.rows === capacity) await this.flush();
    }
  }

  /** Write the pending rows as one record batch; waits while the file stream is saturated. */
  async flush(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.rows === 0) return;
    this.writer.write(this.buildBatch(this.rows));
    this.rows = 0;
    if (this.out.writableLength > 64 * 1024 * 1024) await once(this.out, 'drain');
  }

  /** Flush, write the Arrow footer and close the file. */
  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.out, 'finish');
    this.writer.finish();
    await finished;
    if (this.failure !== null) throw this.failure;
  }

  private allocateColumns(): void {
    const rows = this.batchRows;
    this.features = Array.from({ length: this.featureCount }, () => new Float64Array(rows));
    this.sessionId = new Int32Array(rows);
    this.pageId = new Int16Array(rows);
    this.lineNumber = new Int32Array(rows);
    this.inputIndex = new Int16Array(rows);
    this.split = new Uint8Array(rows);
    this.labels = LABELS.map(() => new Float64Array(rows));
    this.oracle = this.options.hasOracle ? ORACLE.map(() => new Float64Array(rows)) : [];
  }

  private buildBatch(n: number): RecordBatch {
    // No copy: the batch takes the filled arrays (views of their first n rows) while it is written,
    // and the next rows go into new ones.
    const float = (values: Float64Array) =>
      makeData({ type: new Float64(), length: n, data: values.subarray(0, n) });
    const children: Data[] = this.features.map(float);
    children.push(makeData({ type: new Int32(), length: n, data: this.sessionId.subarray(0, n) }));
    if (this.writesPageId)
      children.push(makeData({ type: new Int16(), length: n, data: this.pageId.subarray(0, n) }));
    children.push(makeData({ type: new Int32(), length: n, data: this.lineNumber.subarray(0, n) }));
    children.push(makeData({ type: new Int16(), length: n, data: this.inputIndex.subarray(0, n) }));
    children.push(this.splitData(n));
    for (const label of this.labels) children.push(float(label));
    for (const column of this.oracle) children.push(float(column));
    const data = makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children });
    this.allocateColumns();
    return new RecordBatch(this.schema, data);
  }

  private splitData(n: number) {
    const offsets = new Int32Array(n + 1);
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      bytes += SPLIT_BYTES[this.split[i]].length;
      offsets[i + 1] = bytes;
    }
    const text = new Uint8Array(bytes);
    for (let i = 0; i < n; i++) text.set(SPLIT_BYTES[this.split[i]], offsets[i]);
    return makeData({ type: new Utf8(), length: n, valueOffsets: offsets, data: text });
  }
}
