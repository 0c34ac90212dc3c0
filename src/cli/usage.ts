import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad command-line usage: the CLI prints it with a pointer to --help and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `parseArgs` with unknown flags and stray arguments reported as UsageError. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Where a CLI writes: injectable so tests read the output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
};

/** Run a CLI body with the house exit codes: 0 ok, 1 failure, 2 bad usage. */
export async function withExitCodes(
  name: string,
  io: CliIo,
  body: () => Promise<number> | number,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${name}: ${error.message}\nRun with --help for usage.`);
      return 2;
    }
    io.stderr(`${name}: ${(error as Error).message}`);
    return 1;
  }
}
