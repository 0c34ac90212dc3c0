import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits from the CSPRNG. Request
 * ids are the key of the request log's `request_id` index: time-ordered ids append to the right of
 * the B-tree, where random v4 ids touched a random leaf page (and its WAL frame) per insert.
 * Built from `randomUUID()` (which keeps a pool of random bytes) by replacing its first 13 hex
 * digits with the time and the version.
 *
 * @example
 * timeOrderedId(Date.UTC(2026, 10, 23)); // '019ab067-3c00-7f3a-9b1c-…'
 */
export function timeOrderedId(nowMs = Date.now()): string {
  const time = nowMs.toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; from index 15 on: rand_a, variant, rand_b.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
