import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Called after the temp file is durable and before the rename: crash tests throw here to show a
   * failure never leaves the target half-written.
   */
  beforeRename?: (tempPath: string) => void;
}

/**
 * Replace `path` with `content` so a reader sees either the old file or the new one, never a part:
 * write a temp file in the same folder (same file system, so rename is atomic), fsync it, rename it
 * over the target, then fsync the folder so the rename itself survives a power cut.
 *
 * @example
 * writeFileAtomic('models/churn/production.json', JSON.stringify(pointer));
 */
export function writeFileAtomic(path: string, content: string, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  const tempPath = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tempPath, 'wx');
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    options.beforeRename?.(tempPath);
    renameSync(tempPath, path);
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
