import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { ByteNumberCursor } from '../data/parse/index.ts';
import { ORACLE_HEADER } from '../data/simulator/index.ts';

const HEADER = ORACLE_HEADER;
/** The header of oracle files written before the observable oracle existed. */
const FULL_ORACLE_ONLY_HEADER = 'line,churnProbability,expectedRemainingRevenueYuan';
const COMMA = 44;
const NEWLINE = 10;

/** The oracle file beside a simulated log, when there is one. */
export function oraclePathOf(logPath: string): string | null {
  const path = `${logPath}.oracle.csv`;
  return existsSync(path) ? path : null;
}

/** An oracle file that does not match its log. */
export class OracleFileError extends Error {
  override name = 'OracleFileError';
}

/**
 * Streams the simulator's oracle file (`line,churnProbability,expectedRemainingRevenueYuan,
 * observableChurnProbability,observableExpectedRemainingRevenueYuan`, one row per log line in order) alongside the log: ask for line numbers in increasing order. Synchronous
 * reads, so it can be called from the parser's page callback; memory: one 1 MiB buffer.
 *
 * @example
 * const oracle = new OracleReader('data/raw/log.txt.oracle.csv');
 * oracle.seek(17); oracle.churnProbability; oracle.observableChurnProbability;
 */
export class OracleReader {
  churnProbability = Number.NaN;
  remainingRevenue = Number.NaN;
  observableChurnProbability = Number.NaN;
  observableRemainingRevenue = Number.NaN;
  private readonly fd: number;
  private buffer = Buffer.alloc(1024 * 1024);
  private start = 0;
  private length = 0;
  private eof = false;
  private rowLine = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private readonly cursor = new ByteNumberCursor();

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    const text = this.nextLine() ? this.buffer.toString('latin1', this.lineStart, this.lineEnd).trim() : '';
    if (text === FULL_ORACLE_ONLY_HEADER) {
      this.close();
      throw new OracleFileError(
        `${path}: written by an older simulator (no observable-oracle columns); regenerate the log and its oracle with npm run data:generate.`,
      );
    }
    if (text !== HEADER) {
      this.close();
      throw new OracleFileError(`${path}: expected the header "${HEADER}", found "${text.slice(0, 80)}".`);
    }
  }

  /** Move to the row of log line `lineNumber` and load its values. */
  seek(lineNumber: number): void {
    while (this.rowLine < lineNumber) {
      if (!this.nextLine()) {
        throw new OracleFileError(
          `${this.path}: ends before log line ${lineNumber}; regenerate the log and its oracle together.`,
        );
      }
      const cursor = this.cursor;
      cursor.reset(this.buffer, this.lineStart, this.lineEnd, COMMA);
      this.rowLine = cursor.readNumber();
      cursor.pos++;
      this.churnProbability = cursor.readNumber();
      cursor.pos++;
      this.remainingRevenue = cursor.readNumber();
      cursor.pos++;
      this.observableChurnProbability = cursor.readNumber();
      cursor.pos++;
      this.observableRemainingRevenue = cursor.readNumber();
      if (
        !(this.rowLine > 0) ||
        Number.isNaN(this.churnProbability) ||
        Number.isNaN(this.remainingRevenue) ||
        Number.isNaN(this.observableChurnProbability) ||
        Number.isNaN(this.observableRemainingRevenue)
      ) {
        const text = this.buffer.toString('latin1', this.lineStart, this.lineEnd);
        throw new OracleFileError(
          `${this.path}: malformed row "${text}" (expected line,probability,yuan,probability,yuan).`,
        );
      }
    }
    if (this.rowLine !== lineNumber) {
      throw new OracleFileError(
        `${this.path}: has no row for log line ${lineNumber} (next row is ${this.rowLine}).`,
      );
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Load the next line into [lineStart, lineEnd); false at the end of the file. */
  private nextLine(): boolean {
    for (;;) {
      const newline = this.buffer.indexOf(NEWLINE, this.start);
      if (newline >= 0 && newline < this.start + this.length) {
        this.lineStart = this.start;
        this.lineEnd = newline > this.start && this.buffer[newline - 1] === 13 ? newline - 1 : newline;
        this.length -= newline + 1 - this.start;
        this.start = newline + 1;
        return true;
      }
      if (this.eof) {
        if (this.length === 0) return false;
        this.lineStart = this.start;
        this.lineEnd = this.start + this.length;
        this.start += this.length;
        this.length = 0;
        return true;
      }
      this.refill();
    }
  }

  private refill(): void {
    this.buffer.copy(this.buffer, 0, this.start, this.start + this.length);
    this.start = 0;
    if (this.length === this.buffer.length) {
      throw new OracleFileError(
        `${this.path}: a line longer than ${this.buffer.length} bytes; is this an oracle file?`,
      );
    }
    const bytesRead = readSync(this.fd, this.buffer, this.length, this.buffer.length - this.length, null);
    if (bytesRead === 0) this.eof = true;
    this.length += bytesRead;
  }
}
