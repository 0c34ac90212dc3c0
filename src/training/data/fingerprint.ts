import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataFingerprint } from '../../registry/index.ts';

/** The processed table's file name inside the data folder (docs/architecture.md). */
export const FEATURES_FILE = 'features.arrow';

/** sha256 of a file, read in 1 MiB chunks (constant memory for files of any size). */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * What the models were trained on: the raw inputs the manifest lists (path, size, sha256) plus the
 * processed feature table itself, and the row and session counts.
 *
 * @example
 * dataFingerprint('data/processed', table.manifest).files.map((f) => f.path);
 */
export function dataFingerprint(
  dataDir: string,
  manifest: {
    inputs: readonly { path: string; sizeBytes: number; sha256: string }[];
    rows: number;
    sessions: number;
  },
): DataFingerprint {
  const featuresPath = join(dataDir, FEATURES_FILE);
  return {
    files: [
      ...manifest.inputs.map((input) => ({
        path: input.path,
        sizeBytes: input.sizeBytes,
        sha256: input.sha256,
      })),
      { path: FEATURES_FILE, sizeBytes: statSync(featuresPath).size, sha256: sha256File(featuresPath) },
    ],
    rows: manifest.rows,
    sessions: manifest.sessions,
  };
}
