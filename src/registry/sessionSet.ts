import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomicWrite.ts';
import { describeIssues, readJsonFile } from './readJsonFile.ts';

/** The sessions a version was fitted on (train + validation), beside its model.json. */
export const TRAINED_SESSIONS_FILE = 'trained-sessions.json';

/**
 * A Bloom filter over 32-bit session content hashes: 1 % false positives at ~10 bits a session
 * (50 kB for the default models' 42,500 sessions, against 170 kB for the hashes themselves). A seen
 * session is always recognised; an unseen one is taken for seen with probability ~`falsePositiveRate`,
 * which only drops it from an evaluation, never lets a seen one in.
 */
export const SessionSetSchema = z.object({
  sessionSetSchemaVersion: z.literal(1),
  /** How a session's hash is made (see sessionContentHashes in src/training/data). */
  hash: z.string(),
  sessions: z.number().int().nonnegative(),
  bits: z.number().int().positive(),
  hashCount: z.number().int().positive(),
  falsePositiveRate: z.number(),
  /** The bit array, base64. */
  data: z.string(),
});
export type SessionSet = z.infer<typeof SessionSetSchema>;

/** Second Bloom index from the first (double hashing, Kirsch–Mitzenmacher), odd so it cycles. */
function mixedHash(h: number): number {
  let x = (h ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) | 1) >>> 0;
}

/**
 * Build the set of `hashes` (duplicates count once).
 *
 * @example
 * const set = buildSessionSet(Uint32Array.of(17, 99), 'fnv1a32-features-f1');
 * sessionSetHas(set, 17); // true
 */
export function buildSessionSet(hashes: Uint32Array, hash: string, falsePositiveRate = 0.01): SessionSet {
  const unique = new Set(hashes);
  const n = Math.max(unique.size, 1);
  // Optimal Bloom sizes: m = −n·ln p / (ln 2)², k = (m / n)·ln 2.
  const bits = Math.max(64, Math.ceil((-n * Math.log(falsePositiveRate)) / Math.LN2 ** 2));
  const hashCount = Math.max(1, Math.round((bits / n) * Math.LN2));
  const array = new Uint8Array(Math.ceil(bits / 8));
  for (const h of unique) {
    const step = mixedHash(h);
    for (let i = 0; i < hashCount; i++) {
      const bit = (h + i * step) % bits;
      array[bit >>> 3] |= 1 << (bit & 7);
    }
  }
  return {
    sessionSetSchemaVersion: 1,
    hash,
    sessions: unique.size,
    bits,
    hashCount,
    falsePositiveRate,
    data: Buffer.from(array).toString('base64'),
  };
}

/** A membership test bound to one set (decodes the bit array once). */
export function sessionSetMembership(set: SessionSet): (hash: number) => boolean {
  const array = new Uint8Array(Buffer.from(set.data, 'base64'));
  const { bits, hashCount } = set;
  return function isMember(h: number): boolean {
    const step = mixedHash(h);
    for (let i = 0; i < hashCount; i++) {
      const bit = (h + i * step) % bits;
      if ((array[bit >>> 3] & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  };
}

export function writeSessionSet(dir: string, set: SessionSet): void {
  writeFileAtomic(join(dir, TRAINED_SESSIONS_FILE), JSON.stringify(set));
}

/** The sessions a version was fitted on, or null for a version that predates the record. */
export function readSessionSet(dir: string): SessionSet | null {
  const path = join(dir, TRAINED_SESSIONS_FILE);
  if (!existsSync(path)) return null;
  const parsed = SessionSetSchema.safeParse(readJsonFile(path, 'trained-sessions record'));
  if (!parsed.success) {
    throw new Error(`${path} is invalid (${describeIssues(parsed.error.issues)}); retrain to rewrite it.`);
  }
  return parsed.data;
}
