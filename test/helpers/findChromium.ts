import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Names a Chromium build goes by on PATH (Debian, Ubuntu/Fedora, Google's packages). */
export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Fixed places looked at when PATH has none (snap, macOS). */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export interface FindChromiumOptions {
  env?: Record<string, string | undefined>;
  commands?: readonly string[];
  paths?: readonly string[];
  /** Also tried, last: e.g. playwright-core's own download (`chromium.executablePath()`). */
  extraPaths?: readonly string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH` when set (an error when it is not an
 * executable: a typo must not silently pick another browser), else the first of the usual command
 * names on PATH, else the first of the usual install paths. Throws one sentence listing what was tried.
 *
 * @example
 * findChromium(); // '/usr/bin/chromium'
 */
export function findChromium({
  env = process.env,
  commands = CHROMIUM_COMMANDS,
  paths = CHROMIUM_PATHS,
  extraPaths = [],
}: FindChromiumOptions = {}): string {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (isExecutable(chosen)) return chosen;
    throw new Error(
      `CHROMIUM_PATH=${chosen} is not an executable file; point it at a Chromium or Chrome binary.`,
    );
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => commands.map((command) => join(dir, command)));
  const tried = [...onPath, ...paths, ...extraPaths];
  const found = tried.find(isExecutable);
  if (found) return found;
  throw new Error(
    `No Chromium found (tried ${commands.join(', ')} on PATH and ${[...paths, ...extraPaths].join(', ')}): ` +
      'run `apt-get install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}
