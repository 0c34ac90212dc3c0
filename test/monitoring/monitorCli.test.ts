import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor } from '../../src/monitoring/cli/runMonitor.ts';
import { createTempRequestLog } from './helpers/requestLogDb.ts';
import {
  CONFINED_PARAMS,
  replayTraffic,
  SHIFTED_PARAMS,
  trainingReferences,
  writeModelsDir,
} from './helpers/scenario.ts';
import { simulatedRows } from './helpers/simulatedTraffic.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** Spawn the real script; resolve with its exit status and output (never reject on status ≠ 0). */
async function monitor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/monitor.ts', ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same entry point in this process (the script is a thin shell around it). */
function monitorInProcess(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runMonitor(args, {
    stdout: (t) => (stdout += `${t}\n`),
    stderr: (t) => (stderr += `${t}\n`),
    env: {},
  });
  return { code, stdout, stderr };
}

const logs: ReturnType<typeof createTempRequestLog>[] = [];
let modelsDir: string;
let shiftedDb: string;
let steadyDb: string;

beforeAll(() => {
  const references = trainingReferences(3000, 1);
  const now = Date.now();
  const shifted = createTempRequestLog();
  const steady = createTempRequestLog();
  logs.push(shifted, steady);
  modelsDir = join(shifted.dir, 'models');
  writeModelsDir(modelsDir, references);
  const window = { fromMs: now - 30 * 60_000, toMs: now - 1000 };
  replayTraffic(shifted.db, simulatedRows({ sessions: 1000, seed: 3, params: SHIFTED_PARAMS }), {
    ...window,
    tag: 'a',
  });
  replayTraffic(steady.db, simulatedRows({ sessions: 1000, seed: 2, params: CONFINED_PARAMS }), {
    ...window,
    tag: 'b',
    feedback: true,
  });
  shiftedDb = shifted.path;
  steadyDb = steady.path;
});
afterAll(() => {
  for (const log of logs) log.cleanup();
});

describe('npm run monitor', () => {
  it('exits 1 and names the drifting features when traffic shifted, 0 on steady traffic', async () => {
    const [shifted, steady] = await Promise.all([
      monitor(['drift', '--db', shiftedDb, '--models', modelsDir, '--since', '1h', '--window', '15m']),
      monitor(['drift', '--db', steadyDb, '--models', modelsDir, '--since', '1h']),
    ]);
    expect(shifted.code).toBe(1);
    expect(shifted.stdout).toMatch(
      /ageLevel\s+\d+\s+[\d.]+\s+major\s+[\d.]+\s+(?:[\d.]+|—)\s+[\d.]+\s+[\d.]+\s+DRIFT/,
    );
    expect(shifted.stdout).toContain('churn 20261123T080000Z-0c0c0c0c: features drift: ageLevel, gender.');
    expect(steady.code).toBe(0);
    expect(steady.stdout).toContain('No threshold crossed.');
    expect(steady.stdout).not.toContain('DRIFT');
  });

  it('prints JSON for scripts with --json, and every other report exits 0 on healthy traffic', () => {
    const json = monitorInProcess([
      'drift',
      '--db',
      shiftedDb,
      '--models',
      modelsDir,
      '--since',
      '1h',
      '--task',
      'churn',
      '--json',
    ]);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.command).toBe('drift');
    expect(parsed.report).toHaveLength(1);
    expect(parsed.report[0].driftedFeatures).toEqual(['ageLevel', 'gender']);
    const quality = monitorInProcess(['quality', '--db', steadyDb, '--models', modelsDir, '--since', '1h']);
    expect(quality.code).toBe(0);
    expect(quality.stdout).toMatch(/\/churn\s+\d+\s+0\s+0\.0 %/);
    expect(quality.stdout).toMatch(/Over time, buckets of 1 h:\n\nbucket \(UTC\)\s+requests\s+rejected/);
    const ops = monitorInProcess(['ops', '--db', steadyDb, '--models', modelsDir, '--since', '1h']);
    expect(ops.code).toBe(0);
    expect(ops.stdout).toMatch(/p99 ms/);
    const performance = monitorInProcess([
      'performance',
      '--db',
      steadyDb,
      '--models',
      modelsDir,
      '--since',
      '1h',
      '--task',
      'churn',
    ]);
    expect(performance.code).toBe(0);
    expect(performance.stdout).toMatch(/ROC AUC/);
  });

  it('exits 2 on bad usage with a message saying what to do, 0 on --help', async () => {
    const [help, unknown] = await Promise.all([monitor(['--help']), monitor(['latency'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run monitor -- <drift\|quality\|ops\|performance\|customers>/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "latency"/);
    const none = monitorInProcess([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/expected one command/);
    const badSince = monitorInProcess(['ops', '--db', steadyDb, '--since', 'yesterday']);
    expect(badSince.code).toBe(2);
    expect(badSince.stderr).toMatch(/since "yesterday" is not a duration/);
    const badFlag = monitorInProcess(['ops', '--db', steadyDb, '--sinse', '1h']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--sinse'/);
    const noDb = monitorInProcess(['ops', '--db', join(modelsDir, 'missing.sqlite')]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/does not exist: pass --db PATH/);
    const noModels = monitorInProcess(['drift', '--db', steadyDb, '--models', join(modelsDir, 'none')]);
    expect(noModels.code).toBe(2);
    expect(noModels.stderr).toMatch(/no served model in .* pass --models DIR/);
  });

  it('--db that is not a request log (a text file, an empty file, a folder) is one line naming the file, exit 2', () => {
    const dir = logs[0]?.dir ?? '';
    const text = join(dir, 'notes.txt');
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(text, 'not a database\n'.repeat(100));
    writeFileSync(empty, '');
    const cases: [string, RegExp][] = [
      [text, /it is not a SQLite database/],
      [empty, /it has no requests table/],
      [dir, /it is a folder/],
    ];
    for (const [path, reason] of cases) {
      const result = monitorInProcess(['ops', '--db', path]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`monitor: cannot open the request log ${path}: `);
      expect(result.stderr).toMatch(reason);
    }
  });
});
