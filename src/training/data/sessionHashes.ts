import { FEATURE_VERSION } from '../../features/index.ts';
import type { Matrix } from '../../ml/matrix.ts';

/** The name recorded with a session set: which hash of which features. */
export const SESSION_HASH = `fnv1a32-page-features-${FEATURE_VERSION}`;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Per row, a 32-bit content hash of the row's whole session: FNV-1a over the bytes of every feature
 * of every page of the session, in page order. The same session in another file (a 5,000-session
 * prefix of the default data, or a log replayed twice) gets the same hash, whatever its session id
 * there; the features are a function of the session's lines, so equal hashes mean the same pages.
 *
 * @example
 * const hashes = sessionContentHashes(table.X, table.sessionId); // Uint32Array, one per row
 */
export function sessionContentHashes(X: Matrix, sessionId: ArrayLike<number>): Uint32Array {
  const running = new Map<number, number>();
  const bytes = new Uint8Array(8);
  const asDouble = new Float64Array(bytes.buffer);
  for (let i = 0; i < X.nRows; i++) {
    let h = running.get(sessionId[i]) ?? FNV_OFFSET;
    for (let j = 0; j < X.nCols; j++) {
      asDouble[0] = X.columns[j][i];
      for (let b = 0; b < 8; b++) h = Math.imul(h ^ bytes[b], FNV_PRIME);
    }
    running.set(sessionId[i], h);
  }
  const out = new Uint32Array(X.nRows);
  for (let i = 0; i < X.nRows; i++) out[i] = (running.get(sessionId[i]) as number) >>> 0;
  return out;
}
