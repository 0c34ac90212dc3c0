import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSimulatedLog } from '../../src/data/simulator/index.ts';
import { runScoreCli } from '../../src/scoring/index.ts';
import { startTestService, type TestService } from '../api/helpers/testService.ts';

let dir: string;
let service: TestService;
let logPath: string;
const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'score-'));
  service = startTestService();
  logPath = join(dir, 'log.txt');
  await writeSimulatedLog({ outPath: logPath, sessions: 60, seed: 9 });
  appendFileSync(logPath, 'not;a;valid;line\n');
});
afterAll(() => {
  service.stop();
  rmSync(dir, { recursive: true, force: true });
});

function csvRows(path: string) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, k) => [names[k], v])));
}

describe('npm run score', () => {
  it('answers every page exactly as the API does for the same lines, and reports bad lines', async () => {
    const out = join(dir, 'scores.csv');
    const cli = io();
    expect(
      await runScoreCli(
        ['--input', logPath, '--out', out, '--models', service.modelsDir, '--level', '0.9'],
        cli.io,
      ),
    ).toBe(0);
    expect(cli.out.join('\n')).toMatch(/1 rejected/);
    expect(cli.out.join('\n')).toMatch(/Scored \d+ pages of 60 sessions/);
    const rows = csvRows(out);
    const lines = readFileSync(logPath, 'utf8').split('\n');
    // Sessions 0, 7 and 31, every page: the session's lines up to that page, sent to the API.
    for (const session of ['0', '7', '31']) {
      const pages = rows.filter((row) => row.sessionIndex === session);
      expect(pages.length).toBeGreaterThan(0);
      for (const [t, row] of pages.entries()) {
        const text = pages
          .slice(0, t + 1)
          .map((p) => lines[Number(p.lineNumber) - 1])
          .join('\n');
        const churn = await request(service.server)
          .post('/churn/lines')
          .set('content-type', 'text/plain')
          .send(text);
        const value = await request(service.server)
          .post('/session-value/lines?level=0.9')
          .set('content-type', 'text/plain')
          .send(text);
        expect(Number(row.churnProbability)).toBe(churn.body.churnProbability);
        expect(Number(row.expectedRemainingRevenueYuan)).toBe(value.body.expectedRemainingRevenueYuan);
        expect(Number(row.intervalLow)).toBe(value.body.interval.low);
        expect(Number(row.intervalHigh)).toBe(value.body.interval.high);
        expect(row.churnModelVersion).toBe(churn.body.modelVersion);
        expect(row.valueModelVersion).toBe(value.body.modelVersion);
      }
    }
  });

  it('writes the same numbers as Arrow when the output ends in .arrow', async () => {
    const csv = join(dir, 'same.csv');
    const arrow = join(dir, 'same.arrow');
    expect(
      await runScoreCli(['--input', logPath, '--out', csv, '--models', service.modelsDir], io().io),
    ).toBe(0);
    expect(
      await runScoreCli(['--input', logPath, '--out', arrow, '--models', service.modelsDir], io().io),
    ).toBe(0);
    const table = tableFromIPC(readFileSync(arrow));
    const rows = csvRows(csv);
    expect(table.numRows).toBe(rows.length);
    const churn = table.getChild('churnProbability')!.toArray() as Float64Array;
    rows.forEach((row, i) => {
      expect(churn[i]).toBe(Number(row.churnProbability));
    });
    expect(table.schema.metadata.get('intervalLevel')).toBe('0.8');
  });

  it('refuses bad usage with exit code 2 and a one-line reason', async () => {
    for (const args of [
      ['--out', join(dir, 'x.csv')],
      ['--input', logPath, '--out', join(dir, 'x.json')],
      ['--input', logPath, '--out', join(dir, 'x.csv'), '--level', '0.999'],
      ['--input', join(dir, 'missing.txt'), '--out', join(dir, 'x.csv')],
    ]) {
      const cli = io();
      expect(await runScoreCli(args, cli.io)).toBe(2);
      expect(cli.err[0]).toMatch(/^score: /);
    }
  });
});
