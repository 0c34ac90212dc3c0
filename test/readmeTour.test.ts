import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from './api/helpers/serverProcess.ts';

const ROOT = join(import.meta.dirname, '..');
let copy: string;

/** Run a command in the copy; the environment names no registry or database, as a new user's would not. */
function run(command: string, args: string[]) {
  const env = { ...process.env };
  for (const name of ['MODELS_DIR', 'SEED_MODELS_DIR', 'DB_PATH', 'ADMIN_TOKEN']) delete env[name];
  const result = spawnSync(command, args, { cwd: copy, env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
const npm = (...args: string[]) => run('npm', ['run', '-s', ...args]);
const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=tour', '-c', 'user.email=tour@example.com', ...args]);
const versions = (registry: string, task: string) =>
  readdirSync(join(copy, registry, task)).filter((name) => /^\d{8}T\d{6}Z-/.test(name));

beforeAll(() => {
  // A temporary copy of the repository as it stands (tracked and new files), committed in a fresh git.
  copy = mkdtempSync(join(tmpdir(), 'readme-tour-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  // node_modules is shared, not copied; a symlink is not the folder .gitignore names, so exclude it here.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  expect(git('init', '-q').status).toBe(0);
  run('sh', ['-c', 'echo node_modules >> .git/info/exclude']);
  expect(git('add', '-A').status).toBe(0);
  expect(git('commit', '-qm', 'the repository before the tour').status).toBe(0);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("the README's tour on a temporary copy", () => {
  it('leaves git status clean and the committed default models as the suite expects them', async () => {
    const seeded = { churn: versions('models', 'churn'), value: versions('models', 'session-value') };

    expect(npm('data:generate', '--', '--sessions', '400', '--seed', '5')).toMatchObject({ status: 0 });
    expect(npm('data:prepare')).toMatchObject({ status: 0 });
    const train = npm('train');
    expect(train.status, train.output).toBe(0);
    expect(train.output).toMatch(/→ var\/models\/churn\/\d{8}T/);
    const score = npm('score', '--', '--input', 'data/raw/alibaba_behavior.txt', '--out', 'var/scores.csv');
    expect(score.status, score.output).toBe(0);
    expect(score.output).toMatch(/Scored [\d,]+ pages of 400 sessions/);

    const server = await spawnServer({ PORT: '0' }, 30_000, copy);
    const answer = await fetch(`${server.baseUrl}/readyz`);
    expect(answer.status).toBe(200);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect([0, 1]).toContain(npm('monitor', '--', 'drift', '--since', '24h').status);

    const retrain = npm('retrain');
    expect(retrain.status, retrain.output).toBe(0);
    const trained = versions('var/models', 'churn').filter((v) => !seeded.churn.includes(v));
    expect(trained.length).toBeGreaterThanOrEqual(2); // train's and retrain's candidates
    const rollback = npm('rollback', '--', '--task', 'churn', '--to', trained[0]);
    expect(rollback.status, rollback.output).toBe(0);
    expect(npm('rollback', '--', '--task', 'churn').status).toBe(0);

    // Every run wrote into the git-ignored working registry; the seed is as committed.
    expect(git('status', '--porcelain', '--untracked-files=all').output.trim()).toBe('');
    expect(versions('models', 'churn')).toEqual(seeded.churn);
    expect(versions('models', 'session-value')).toEqual(seeded.value);
    const suite = run(process.execPath, [
      'node_modules/vitest/vitest.mjs',
      'run',
      'test/training/defaultModels.test.ts',
      'test/registry/workingRegistry.test.ts',
    ]);
    expect(suite.status, suite.output).toBe(0);
  }, 180_000);
});
