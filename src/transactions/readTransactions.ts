import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { TransactionInputError } from './errors.ts';
import {
  type ParseTransactionsOptions,
  type ReadTransactionsResult,
  TransactionParser,
} from './transactionParser.ts';

export interface ReadTransactionsOptions extends Omit<ParseTransactionsOptions, 'source'> {
  /** Called every 64k lines with the bytes read from disk so far and the file size (drives a progress bar). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Read a transaction file (plain or gzip, recognised by its first bytes) line by line in constant
 * memory besides the log itself.
 *
 * @example
 * const { log, summary } = await readTransactions('../shared/datasets/cdnow/CDNOW_master.txt', { format: 'cdnow' });
 */
export async function readTransactions(
  path: string,
  options: ReadTransactionsOptions,
): Promise<ReadTransactionsResult> {
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new TransactionInputError(`${path} is not a file; pass a transaction file.`);
    totalBytes = info.size;
  } catch (error) {
    if (error instanceof TransactionInputError) throw error;
    throw new TransactionInputError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}; check the path.`,
    );
  }
  const parser = new TransactionParser({ ...options, source: path });
  const gzip = totalBytes >= 2 && (await isGzip(path));
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input: Readable = gzip ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const failure = new Promise<never>((_, reject) => {
    const fail = (error: Error) =>
      reject(new TransactionInputError(`cannot read ${path}${gzip ? ' as gzip' : ''}: ${error.message}.`));
    file.on('error', fail);
    if (gzip) input.on('error', fail);
  });
  failure.catch(() => {});
  const reading = (async () => {
    // Lines split by hand from decoded chunks: a third faster than node:readline on big files.
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let count = 0;
    for await (const chunk of input) {
      const text = carry + decoder.write(chunk as Buffer);
      let start = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
        parser.push(
          text.charCodeAt(newline - 1) === 13 ? text.slice(start, newline - 1) : text.slice(start, newline),
        );
        start = newline + 1;
        if (++count % 65_536 === 0) options.onProgress?.(bytesRead, totalBytes);
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry !== '') parser.push(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
  })();
  try {
    await Promise.race([reading, failure]);
  } finally {
    file.destroy();
  }
  options.onProgress?.(totalBytes, totalBytes);
  return parser.end();
}

/**
 * Parse transactions held in memory (tests, small inputs).
 *
 * @example
 * const { log } = parseTransactionText('00001 19970101 1 11.77\n', { format: 'cdnow' });
 */
export function parseTransactionText(
  text: string,
  options: ParseTransactionsOptions,
): ReadTransactionsResult {
  const parser = new TransactionParser(options);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) parser.push(line);
  return parser.end();
}
