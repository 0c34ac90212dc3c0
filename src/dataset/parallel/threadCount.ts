import { availableParallelism } from 'node:os';
import { DEFAULT_PIECE_BYTES } from './scanOnThreads.ts';

/** `--threads`: a count, or `auto`. */
export type ThreadSetting = number | 'auto';

/** More threads than this only add messages: the writing thread becomes the limit. */
const MAX_AUTO_THREADS = 4;

/**
 * Worker threads of data:prepare for `totalBytes` of input. `auto`: one per core (at most 4), but
 * one thread (no worker at all) below two pieces of input, where starting threads costs more than
 * it saves.
 *
 * @example
 * prepareThreads('auto', 300e6); // 2 on a 2-core machine
 */
export function prepareThreads(setting: ThreadSetting, totalBytes: number): number {
  if (setting !== 'auto') return setting;
  if (totalBytes < 2 * DEFAULT_PIECE_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_THREADS));
}

/** Parse a `--threads` value; throws a one-line message for anything but a positive integer or `auto`. */
export function parseThreadSetting(text: string): ThreadSetting {
  if (text === 'auto') return 'auto';
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 64)
    throw new Error(`--threads must be a whole number from 1 to 64 or "auto", not "${text}".`);
  return count;
}
