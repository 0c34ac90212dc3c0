import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad command-line usage: the CLI prints it with a pointer to --help and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` with unknown flags and stray arguments reported as UsageError. */
export function parseFlags<T extends Options>(argv: readonly string[], options: T) {
  return parseCommandLine({ args: argv, options, allowPositionals: false }).values;
}

/**
 * Strict `parseArgs` whose failures are UsageErrors. A value that starts with a dash and a digit
 * (`--sessions -5`, `--since -1h`) is taken as the option's value, as `--sessions=-5` is: plain
 * `parseArgs` calls it "ambiguous" and never reaches the range check that says what is allowed.
 *
 * @example
 * parseCommandLine({ args: ['drift', '--since', '-1h'], options, allowPositionals: true });
 */
export function parseCommandLine<T extends Options, P extends boolean>({
  args,
  options,
  allowPositionals,
}: {
  args: readonly string[];
  options: T;
  allowPositionals: P;
}) {
  try {
    return parseArgs({ args: joinDashedValues(args, options), options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const NUMBER_LIKE = /^-\.?\d/;

function joinDashedValues(args: readonly string[], options: Options): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--') return [...joined, ...args.slice(i)];
    if (next !== undefined && NUMBER_LIKE.test(next) && takesValue(arg, options)) {
      // `--name=value`; a short option takes its value attached (`-n-5`).
      joined.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function takesValue(arg: string, options: Options): boolean {
  if (arg.startsWith('--')) return options[arg.slice(2)]?.type === 'string';
  if (/^-[^-]$/.test(arg))
    return Object.values(options).some((o) => o.short === arg[1] && o.type === 'string');
  return false;
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
