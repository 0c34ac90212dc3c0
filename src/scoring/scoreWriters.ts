import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import {
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
} from 'apache-arrow';

/** One scored page. */
export interface ScoredPage {
  lineNumber: number;
  sessionIndex: number;
  pageId: number;
  churnProbability: number;
  expectedRemainingRevenueYuan: number;
  intervalLow: number;
  intervalHigh: number;
}

export interface ScoreWriter {
  append(page: ScoredPage): Promise<void> | undefined;
  close(): Promise<void>;
}

const NUMBER_COLUMNS = [
  'lineNumber',
  'sessionIndex',
  'pageId',
  'churnProbability',
  'expectedRemainingRevenueYuan',
  'intervalLow',
  'intervalHigh',
] as const;
const BATCH_ROWS = 65_536;

/** The writer for `path`'s extension: `.csv` or `.arrow` (Arrow IPC file); anything else is an error. */
export function scoreWriterFor(
  path: string,
  versions: { churn: string; value: string; level: number },
): ScoreWriter {
  if (path.endsWith('.csv')) return new CsvScoreWriter(path, versions);
  if (path.endsWith('.arrow')) return new ArrowScoreWriter(path, versions);
  throw new Error(`--out ${path}: give a file ending in .csv or .arrow (the format follows the extension).`);
}

/** Wait for the stream when it holds more than 16 MB: constant memory whatever the log size. */
function backpressure(out: WriteStream): Promise<void> | undefined {
  return out.writableLength > 16 * 1024 * 1024 ? once(out, 'drain').then(() => undefined) : undefined;
}

async function closeStream(out: WriteStream): Promise<void> {
  const finished = once(out, 'finish');
  out.end();
  await finished;
}

/**
 * CSV with a header; numbers as JavaScript prints them (shortest round-trip form, so parsing them
 * back gives the same doubles); the model versions and the interval level in every row.
 */
class CsvScoreWriter implements ScoreWriter {
  private readonly out: WriteStream;
  private lines: string[] = [];
  private readonly suffix: string;

  constructor(path: string, versions: { churn: string; value: string; level: number }) {
    this.out = createWriteStream(path);
    this.out.write(
      `${[...NUMBER_COLUMNS, 'intervalLevel', 'churnModelVersion', 'valueModelVersion'].join(',')}\n`,
    );
    this.suffix = `,${versions.level},${versions.churn},${versions.value}`;
  }

  append(p: ScoredPage): Promise<void> | undefined {
    // A model without an interval calibration leaves the interval cells empty.
    const low = Number.isNaN(p.intervalLow) ? '' : p.intervalLow;
    const high = Number.isNaN(p.intervalHigh) ? '' : p.intervalHigh;
    this.lines.push(
      `${p.lineNumber},${p.sessionIndex},${p.pageId},${p.churnProbability},${p.expectedRemainingRevenueYuan},${low},${high}${this.suffix}`,
    );
    if (this.lines.length < 4096) return undefined;
    this.out.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
    return backpressure(this.out);
  }

  async close(): Promise<void> {
    if (this.lines.length > 0) this.out.write(`${this.lines.join('\n')}\n`);
    await closeStream(this.out);
  }
}

/** Arrow IPC file in record batches of 65,536 rows; versions and level in the schema metadata. */
class ArrowScoreWriter implements ScoreWriter {
  private readonly out: WriteStream;
  private readonly writer: RecordBatchFileWriter;
  private readonly schema: Schema;
  private readonly columns = NUMBER_COLUMNS.map(() => new Float64Array(BATCH_ROWS));
  private rows = 0;

  constructor(path: string, versions: { churn: string; value: string; level: number }) {
    this.out = createWriteStream(path);
    const metadata = new Map([
      ['churnModelVersion', versions.churn],
      ['valueModelVersion', versions.value],
      ['intervalLevel', String(versions.level)],
    ]);
    this.schema = new Schema(
      NUMBER_COLUMNS.map((name, k) => new Field(name, k < 3 ? new Int32() : new Float64(), false)),
      metadata,
    );
    this.writer = new RecordBatchFileWriter();
    this.writer.pipe(this.out);
  }

  append(p: ScoredPage): Promise<void> | undefined {
    const values = [
      p.lineNumber,
      p.sessionIndex,
      p.pageId,
      p.churnProbability,
      p.expectedRemainingRevenueYuan,
      p.intervalLow,
      p.intervalHigh,
    ];
    for (let k = 0; k < values.length; k++) this.columns[k][this.rows] = values[k];
    if (++this.rows < BATCH_ROWS) return undefined;
    this.flush();
    return backpressure(this.out);
  }

  private flush(): void {
    if (this.rows === 0) return;
    const n = this.rows;
    const children = this.columns.map((column, k) =>
      k < 3
        ? makeData({ type: new Int32(), length: n, data: Int32Array.from(column.subarray(0, n)) })
        : makeData({ type: new Float64(), length: n, data: column.slice(0, n) }),
    );
    const data = makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children });
    this.writer.write(new RecordBatch(this.schema, data));
    this.rows = 0;
  }

  async close(): Promise<void> {
    this.flush();
    const finished = once(this.out, 'finish');
    this.writer.finish();
    await finished;
  }
}
