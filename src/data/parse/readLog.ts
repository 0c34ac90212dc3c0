import { open, stat } from 'node:fs/promises';
import { copyPageRecord, type PageRecord } from '../../session/index.ts';
import { LogInputError } from './errors.ts';
import { LogParser, type PageCallback, type ParseOptions } from './logParser.ts';
import type { ParseSummary } from './summary.ts';

/** Options of the file readers: parse options plus hooks for hashing and progress. */
export interface ReadLogOptions extends ParseOptions {
  /** Bytes per read. Default 4 MiB. */
  chunkBytes?: number;
  /** Sees every chunk as read (e.g. to hash the file in the same pass). */
  onChunk?: (chunk: Uint8Array) => void;
  /** Called after every chunk with the parse so far. */
  onProgress?: (progress: Readonly<ParseSummary>) => void;
  /** Awaited after every chunk: lets a consumer apply back-pressure (e.g. wait for its writes). */
  afterChunk?: () => Promise<void> | undefined;
}

/** Default bytes per read of the file readers; the first read is also what detects the separator. */
export const LOG_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Check that `path` is a readable file and return its size; throws {@link LogInputError} with the
 * message every reader gives.
 */
export async function logFileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile())
      throw new LogInputError(`${path} is not a file; pass the behaviour log (a .txt file).`);
    return info.size;
  } catch (error) {
    if (error instanceof LogInputError) throw error;
    throw new LogInputError(
      `cannot read ${path}: ${(error as Error).message}. Check the path (see docs/data.md).`,
    );
  }
}

async function* fileChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  await logFileSize(path);
  const handle = await open(path, 'r');
  try {
    // One buffer, reused: the parser copies what it keeps past a push (a partial last line).
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Parse a log file, calling `onPage` for every good page (the hot path: the record is reused, copy
 * what you keep). Constant memory whatever the file size.
 *
 * @example
 * const summary = await parseLogFile('data/raw/alibaba_behavior.txt', (page) => { clicks += page.click[0]; });
 */
export async function parseLogFile(
  path: string,
  onPage: PageCallback,
  options: ReadLogOptions = {},
): Promise<ParseSummary> {
  const parser = new LogParser(onPage, { source: path, ...options });
  for await (const chunk of fileChunks(path, options.chunkBytes ?? LOG_CHUNK_BYTES)) {
    options.onChunk?.(chunk);
    parser.push(chunk);
    options.onProgress?.(parser.progress);
    await options.afterChunk?.();
  }
  return parser.end();
}

/**
 * Parse a whole log held in memory (tests, small inputs, request bodies).
 *
 * @example
 * const pages: PageRecord[] = [];
 * parseLogText(text, (page) => pages.push(copyPageRecord(page)));
 */
export function parseLogText(
  text: string | Uint8Array,
  onPage: PageCallback,
  options: ParseOptions = {},
): ParseSummary {
  const parser = new LogParser(onPage, options);
  parser.push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  return parser.end();
}

/**
 * The convenient form: an async iterator of independent page records (each one a fresh copy), whose
 * `return` value is the summary. Slower than {@link parseLogFile}: use that on big files.
 *
 * @example
 * for await (const page of readPages('data/raw/alibaba_behavior.txt')) console.log(page.pageId, page.itemCount);
 */
export async function* readPages(
  path: string,
  options: ReadLogOptions = {},
): AsyncGenerator<PageRecord, ParseSummary, undefined> {
  let ready: PageRecord[] = [];
  const parser = new LogParser((page) => ready.push(copyPageRecord(page)), { source: path, ...options });
  for await (const chunk of fileChunks(path, options.chunkBytes ?? 1024 * 1024)) {
    options.onChunk?.(chunk);
    parser.push(chunk);
    options.onProgress?.(parser.progress);
    const batch = ready;
    ready = [];
    yield* batch;
  }
  const summary = parser.end();
  yield* ready;
  return summary;
}
