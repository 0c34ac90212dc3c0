import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { PROCESS_IO, parseFlags, UsageError, withExitCodes } from '../src/cli/usage.ts';
import { LINE_SEPARATORS, type LineSeparator } from '../src/data/lineFormat.ts';
import {
  resolveSimulatorParams,
  type SimulatorParamsOverride,
  writeSimulatedLog,
} from '../src/data/simulator/index.ts';

const HELP = `Usage: npm run data:generate -- [--sessions N] [--seed S] [--out FILE] [--separator SEP] [--params JSON]

Simulate shopping sessions in the behaviour-log format (docs/simulator.md) and write
FILE plus FILE.oracle.csv (true churn probability and expected remaining revenue per line).

  --sessions N     sessions to simulate (default 50000)
  --seed S         integer seed; the same seed writes the same bytes (default 42)
  --out FILE       log path (default data/raw/alibaba_behavior.txt)
  --separator SEP  column separator: ';' (default), 'tab' or '|'
  --params JSON    knob overrides, inline or @file.json, e.g. '{"price":{"logMean":4.6}}'
                   (every knob: docs/simulator.md)
  --help           show this help

Exit codes: 0 written, 1 failed while writing, 2 bad usage.`;

function parseInteger(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a whole number ≥ ${min}.`);
  }
  return value;
}

function parseOutPath(text: string): string {
  // Checked before simulating: the rename at the end would fail only after all the work.
  if (existsSync(text) && statSync(text).isDirectory()) {
    throw new UsageError(
      `--out ${text} is a folder: give the log file's path, e.g. ${join(text, 'alibaba_behavior.txt')}.`,
    );
  }
  return text;
}

function parseSeparator(text: string): LineSeparator {
  const separator = text === 'tab' || text === '\\t' ? '\t' : text;
  if (!(LINE_SEPARATORS as readonly string[]).includes(separator)) {
    throw new UsageError(`--separator ${JSON.stringify(text)} is not one of ';', 'tab', '|'.`);
  }
  return separator as LineSeparator;
}

function parseParams(text: string): SimulatorParamsOverride {
  let json = text;
  if (text.startsWith('@')) {
    try {
      json = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(`--params ${text}: cannot read the file (${(error as Error).message}).`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--params is not valid JSON (${(error as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(
      '--params must be a JSON object of knob groups, e.g. \'{"price":{"logMean":4.6}}\'.',
    );
  }
  try {
    resolveSimulatorParams(parsed as SimulatorParamsOverride);
  } catch (error) {
    throw new UsageError(`--params: ${(error as Error).message}`);
  }
  return parsed as SimulatorParamsOverride;
}

async function generate(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    sessions: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data/raw/alibaba_behavior.txt' },
    separator: { type: 'string', default: ';' },
    params: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (flags.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const sessions = parseInteger('sessions', flags.sessions, 1);
  const seed = parseInteger('seed', flags.seed, Number.MIN_SAFE_INTEGER);
  const separator = parseSeparator(flags.separator);
  const outPath = parseOutPath(flags.out);
  const params = flags.params === undefined ? undefined : parseParams(flags.params);

  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: 'simulating [{bar}] {percentage}% | {value}/{total} sessions | {eta}s left',
        hideCursor: true,
      })
    : undefined;
  bar?.start(sessions, 0);
  try {
    const summary = await writeSimulatedLog({
      outPath,
      sessions,
      seed,
      separator,
      params,
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    const { sessions: done, pages, pagesWithPurchase, seconds } = summary;
    const lines = [
      `wrote ${summary.logPath} (${(summary.logBytes / 1e6).toFixed(1)} MB) and ${summary.oraclePath} (${(summary.oracleBytes / 1e6).toFixed(1)} MB)`,
      `sessions ${done}, pages ${pages} (${(pages / done).toFixed(2)} a session), pages with a purchase ${pagesWithPurchase} ` +
        `(${((100 * pagesWithPurchase) / pages).toFixed(2)} %), churn rate ${(100 * summary.churnRate).toFixed(1)} % of pages, ` +
        `revenue ${summary.revenueYuan.toFixed(0)} yuan`,
      `seed ${seed}, separator ${JSON.stringify(separator)}, knobs ${flags.params ?? 'default'}, ${seconds.toFixed(1)} s (${(summary.logBytes / 1e6 / seconds).toFixed(0)} MB/s)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    bar?.stop();
    throw new Error(`failed: ${(error as Error).message}`);
  }
}

process.exitCode = await withExitCodes('data:generate', PROCESS_IO, generate);
