import { emptyPageRecord, type PageRecord } from '../../session/index.ts';
import { BadLineError } from './errors.ts';
import { LineParser } from './lineParser.ts';
import { emptyRejectCounts } from './rejectReasons.ts';
import { detectSeparator, type Separator } from './separator.ts';
import type { ParseSummary } from './summary.ts';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
/** Enough of the file to see 20 lines of ~2 KB. */
const DETECTION_BYTES = 256 * 1024;

/** How many bad lines a summary lists with their line number, unless told otherwise. */
export const DEFAULT_MAX_REPORTED_BAD_LINES = 20;

/** Options of every parse entry point. */
export interface ParseOptions {
  /** Throw {@link BadLineError} at the first bad line instead of counting it. Default false. */
  strict?: boolean;
  /** How many bad lines the summary lists with their line number. Default 20. */
  maxReportedBadLines?: number;
  /** Force the separator instead of detecting it. */
  separator?: Separator;
  /** A longer line is rejected as `line-too-long` (keeps memory bounded). Default 1 MiB. */
  maxLineBytes?: number;
  /** Name of the input in messages and the summary. Default `'input'`. */
  source?: string;
}

/**
 * Called for every good page. The record is REUSED for the next line: copy what you keep
 * (see `copyPageRecord`).
 */
export type PageCallback = (page: PageRecord) => void;

/**
 * The streaming core: bytes in (any chunking), pages out through a callback, constant memory (one
 * reused record, a carry buffer of at most one line). Lines are split with the native
 * `Buffer.indexOf`, numbers read from bytes (see `ByteNumberCursor`).
 *
 * @example
 * const parser = new LogParser((page) => pages++, { source: 'log.txt' });
 * for await (const chunk of stream) parser.push(chunk);
 * const summary = parser.end();
 */
export class LogParser {
  private readonly record = emptyPageRecord();
  private readonly lineParser = new LineParser();
  private readonly summary: ParseSummary;
  private readonly strict: boolean;
  private readonly maxReported: number;
  private readonly maxLineBytes: number;
  private separatorByte = -1;
  private head: Buffer[] = [];
  private headBytes = 0;
  private carry: Buffer = Buffer.alloc(4096);
  private carryLength = 0;
  private skippingLongLine = false;
  private atFileStart = true;
  private ended = false;

  constructor(
    private readonly onPage: PageCallback,
    options: ParseOptions = {},
  ) {
    this.strict = options.strict ?? false;
    this.maxReported = options.maxReportedBadLines ?? DEFAULT_MAX_REPORTED_BAD_LINES;
    this.maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
    this.summary = {
      source: options.source ?? 'input',
      bytes: 0,
      linesRead: 0,
      pagesKept: 0,
      rejectedTotal: 0,
      rejected: emptyRejectCounts(),
      firstBadLines: [],
      separator: options.separator ?? null,
      pagesWithPositionsOutsidePageWindow: 0,
    };
    if (options.separator !== undefined) this.separatorByte = options.separator.charCodeAt(0);
  }

  /** The summary so far (live object; complete after `end()`). */
  get progress(): Readonly<ParseSummary> {
    return this.summary;
  }

  /** Feed the next bytes of the file. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('LogParser.push after end(): create a new parser for another input.');
    let bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.summary.bytes += bytes.length;
    if (this.atFileStart && bytes.length > 0) {
      this.atFileStart = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
        bytes = bytes.subarray(3);
    }
    if (this.separatorByte < 0) {
      // A copy: the caller may reuse its buffer for the next chunk.
      this.head.push(Buffer.from(bytes));
      this.headBytes += bytes.length;
      if (this.headBytes >= DETECTION_BYTES) this.flushHead();
      return;
    }
    this.consume(bytes);
  }

  /** Signal the end of the input (parses a last line without newline) and return the summary. */
  end(): ParseSummary {
    if (this.ended) return this.summary;
    if (this.separatorByte < 0) this.flushHead();
    if (this.carryLength > 0 || this.skippingLongLine) {
      if (this.skippingLongLine) this.rejectLongLine();
      else this.parseLine(this.carry, 0, this.carryLength);
      this.carryLength = 0;
      this.skippingLongLine = false;
    }
    this.ended = true;
    return this.summary;
  }

  private flushHead(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length === 0) return;
    const separator = detectSeparator(head, this.summary.source);
    this.summary.separator = separator;
    this.separatorByte = separator.charCodeAt(0);
    this.consume(head);
  }

  private consume(bytes: Buffer): void {
    let start = 0;
    if (this.carryLength > 0 || this.skippingLongLine) {
      const newline = bytes.indexOf(NEWLINE);
      const stop = newline < 0 ? bytes.length : newline;
      if (!this.skippingLongLine) this.appendCarry(bytes, 0, stop);
      if (newline < 0) return;
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.rejectLongLine();
      } else {
        this.parseLine(this.carry, 0, this.carryLength);
      }
      this.carryLength = 0;
      start = newline + 1;
    }
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline < 0) break;
      this.parseLine(bytes, start, newline);
      start = newline + 1;
    }
    if (start < bytes.length) this.appendCarry(bytes, start, bytes.length);
  }

  private appendCarry(bytes: Buffer, start: number, stop: number): void {
    const needed = this.carryLength + stop - start;
    if (needed > this.maxLineBytes) {
      this.skippingLongLine = true;
      this.carryLength = 0;
      return;
    }
    if (needed > this.carry.length) {
      const grown = Buffer.alloc(Math.min(this.maxLineBytes, Math.max(needed, this.carry.length * 2)));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    bytes.copy(this.carry, this.carryLength, start, stop);
    this.carryLength = needed;
  }

  private parseLine(buf: Uint8Array, start: number, end: number): void {
    if (end > start && buf[end - 1] === CARRIAGE_RETURN) end--;
    if (end - start > this.maxLineBytes) {
      this.rejectLongLine();
      return;
    }
    const summary = this.summary;
    summary.linesRead++;
    const record = this.record;
    const parser = this.lineParser;
    if (!parser.parse(buf, start, end, this.separatorByte, record)) {
      this.reject(parser.failureReason, parser.failureDetail);
      return;
    }
    record.lineNumber = summary.linesRead;
    summary.pagesKept++;
    if (parser.positionsOutsidePageWindow) summary.pagesWithPositionsOutsidePageWindow++;
    this.onPage(record);
  }

  private rejectLongLine(): void {
    this.summary.linesRead++;
    this.reject('line-too-long', `the line is longer than ${this.maxLineBytes} bytes`);
  }

  private reject(reason: ParseSummary['firstBadLines'][number]['reason'], detail: string): void {
    const summary = this.summary;
    if (this.strict) throw new BadLineError(summary.source, summary.linesRead, reason, detail);
    summary.rejectedTotal++;
    summary.rejected[reason]++;
    if (summary.firstBadLines.length < this.maxReported) {
      summary.firstBadLines.push({ source: summary.source, lineNumber: summary.linesRead, reason, detail });
    }
  }
}
