import { open } from 'node:fs/promises';
import { detectSeparator, LOG_CHUNK_BYTES, logFileSize, type Separator } from '../../data/parse/index.ts';
import { findSessionCuts } from './sessionCuts.ts';

/** One input cut into pieces, or the error a one-thread run would stop at before its first line. */
export interface InputPlan {
  path: string;
  sizeBytes: number;
  /** null for an empty input (or one that failed). */
  separator: Separator | null;
  /** `[start, end)` byte ranges in file order, cut at session boundaries. */
  pieces: { start: number; end: number }[];
  error: Error | null;
}

/**
 * Check an input, detect its separator from what the one-thread parser would see first (the first
 * read of the file, byte-order mark stripped) and cut it into pieces of about `pieceBytes`
 * (findSessionCuts). Errors are returned, not thrown: the caller reports them in input order, as
 * the one-thread run meets them.
 *
 * @example
 * const plan = await planPieces('log.txt', { pieceBytes: 8 * 1024 * 1024 });
 */
export async function planPieces(path: string, options: { pieceBytes: number }): Promise<InputPlan> {
  const plan: InputPlan = { path, sizeBytes: 0, separator: null, pieces: [], error: null };
  try {
    plan.sizeBytes = await logFileSize(path);
    if (plan.sizeBytes === 0) return plan;
    const head = await readHead(path, Math.min(plan.sizeBytes, LOG_CHUNK_BYTES));
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    const text = bom ? head.subarray(3) : head;
    if (text.length === 0) return plan;
    const separator = detectSeparator(text, path);
    plan.separator = separator;
    const cuts = await findSessionCuts(path, { separator, pieceBytes: options.pieceBytes });
    for (let k = 0; k + 1 < cuts.length; k++) plan.pieces.push({ start: cuts[k], end: cuts[k + 1] });
  } catch (error) {
    plan.error = error as Error;
  }
  return plan;
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
