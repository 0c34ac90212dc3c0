import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  encodePageLine,
  type LineSeparator,
  MAX_LINE_BYTES,
  writeDecimal,
  writeUint,
} from '../lineFormat.ts';
import type { SimulatorParamsOverride } from './params.ts';
import { simulateSessions } from './simulateSessions.ts';

export interface WriteSimulatedLogOptions {
  /** Path of the log; the oracle goes to `${outPath}.oracle.csv`. */
  outPath: string;
  sessions: number;
  seed: number;
  separator?: LineSeparator;
  params?: SimulatorParamsOverride;
  /** Called every `progressEverySessions` sessions and at the end with the sessions written so far. */
  onProgress?: (sessionsDone: number) => void;
  progressEverySessions?: number;
}

/** What was written: the figures of the summary line. */
export interface SimulatedLogSummary {
  logPath: string;
  oraclePath: string;
  sessions: number;
  pages: number;
  logBytes: number;
  oracleBytes: number;
  pagesWithPurchase: number;
  /** Share of pages with terminal = 1 (= sessions / pages). */
  churnRate: number;
  revenueYuan: number;
  seconds: number;
}

/** The oracle CSV header, as docs/architecture.md fixes it. */
export const ORACLE_HEADER =
  'line,churnProbability,expectedRemainingRevenueYuan,observableChurnProbability,observableExpectedRemainingRevenueYuan';

// Lines are encoded into 1 MB buffers: one write call per batch instead of one per line. A batch
// handed to the stream is never touched again (the next one is a new buffer).
const BATCH_BYTES = 1 << 20;
const NEWLINE = 10;
const COMMA = 44;

/** A growing batch of bytes bound for one stream. */
class Batch {
  buffer = Buffer.allocUnsafe(BATCH_BYTES);
  length = 0;
  written = 0;

  constructor(private readonly stream: WriteStream) {}

  get free(): number {
    return BATCH_BYTES - this.length;
  }

  async flush(): Promise<void> {
    if (this.length === 0) return;
    const chunk = this.buffer.subarray(0, this.length);
    this.written += this.length;
    this.buffer = Buffer.allocUnsafe(BATCH_BYTES);
    this.length = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain'); // backpressure: wait for the disk
  }
}

// Bytes of one oracle row at most: line number, two rates, two amounts with 4 decimals.
const MAX_ORACLE_ROW_BYTES = 112;

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/**
 * Simulate sessions and stream the log and its oracle to disk, in constant memory. Both files are
 * written under a temporary name and renamed at the end, so an interrupted run leaves no half file.
 *
 * @example
 * const summary = await writeSimulatedLog({ outPath: 'data/raw/alibaba_behavior.txt', sessions: 50_000, seed: 42 });
 */
export async function writeSimulatedLog(options: WriteSimulatedLogOptions): Promise<SimulatedLogSummary> {
  const { outPath, sessions, seed, separator = ';', params, onProgress } = options;
  const progressEvery = options.progressEverySessions ?? 1000;
  const oraclePath = `${outPath}.oracle.csv`;
  const temporaryLog = `${outPath}.partial`;
  const temporaryOracle = `${oraclePath}.partial`;
  const started = performance.now();
  await mkdir(dirname(outPath), { recursive: true });
  const log = createWriteStream(temporaryLog);
  const oracle = createWriteStream(temporaryOracle);
  const failed = new Promise<never>((_, reject) => {
    log.once('error', reject);
    oracle.once('error', reject);
  });
  failed.catch(() => {}); // raced below; never left unhandled when the run ends first
  let pages = 0;
  let pagesWithPurchase = 0;
  let revenueYuan = 0;
  let sessionsDone = 0;
  const logBatch = new Batch(log);
  const oracleBatch = new Batch(oracle);
  oracleBatch.length = oracleBatch.buffer.write(`${ORACLE_HEADER}\n`, 'latin1');
  const flush = () => Promise.race([Promise.all([logBatch.flush(), oracleBatch.flush()]), failed]);
  try {
    for (const { record, oracle: truth } of simulateSessions({
      sessions,
      seed,
      params,
      reuseRecords: true,
    })) {
      if (logBatch.free < MAX_LINE_BYTES + 1 || oracleBatch.free < MAX_ORACLE_ROW_BYTES) await flush();
      pages++;
      let pageRevenueYuan = 0;
      for (let i = 0; i < record.itemCount; i++) pageRevenueYuan += record.purchaseYuan[i];
      if (pageRevenueYuan > 0) pagesWithPurchase++;
      revenueYuan += pageRevenueYuan;
      logBatch.length = encodePageLine(record, separator, logBatch.buffer, logBatch.length);
      logBatch.buffer[logBatch.length++] = NEWLINE;
      const row = oracleBatch.buffer;
      let at = writeUint(row, oracleBatch.length, record.lineNumber);
      row[at++] = COMMA;
      at = writeDecimal(row, at, truth.churnProbability, 6);
      row[at++] = COMMA;
      at = writeDecimal(row, at, truth.expectedRemainingRevenueYuan, 4);
      row[at++] = COMMA;
      at = writeDecimal(row, at, truth.observableChurnProbability, 6);
      row[at++] = COMMA;
      at = writeDecimal(row, at, truth.observableExpectedRemainingRevenueYuan, 4);
      row[at++] = NEWLINE;
      oracleBatch.length = at;
      if (record.terminal === 1) {
        sessionsDone++;
        if (onProgress !== undefined && sessionsDone % progressEvery === 0) onProgress(sessionsDone);
      }
    }
    await flush();
    await Promise.race([Promise.all([closeStream(log), closeStream(oracle)]), failed]);
    await rename(temporaryLog, outPath);
    await rename(temporaryOracle, oraclePath);
  } catch (error) {
    log.destroy();
    oracle.destroy();
    await rm(temporaryLog, { force: true });
    await rm(temporaryOracle, { force: true });
    throw error;
  }
  onProgress?.(sessionsDone);
  return {
    logPath: outPath,
    oraclePath,
    sessions: sessionsDone,
    pages,
    logBytes: logBatch.written,
    oracleBytes: oracleBatch.written,
    pagesWithPurchase,
    churnRate: pages === 0 ? 0 : sessionsDone / pages,
    revenueYuan,
    seconds: (performance.now() - started) / 1000,
  };
}
