import { execFileSync } from 'node:child_process';

/**
 * The git commit of the working tree (`git rev-parse HEAD`), or null outside a git checkout or
 * without git (a Docker image, a tarball).
 *
 * @example
 * gitCommit(); // '8b0210a…' or null
 */
export function gitCommit(cwd: string = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
