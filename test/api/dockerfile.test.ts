import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeTinyRegistry } from './helpers/tinyModels.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const runtimeStage = instructions.slice(instructions.findIndex((l) => / AS runtime$/.test(l)));
const exec = (instruction: string | undefined) =>
  JSON.parse((instruction ?? '').replace(/^(HEALTHCHECK .*?)?CMD /, ''));
const envOf = (stage: string[]) =>
  Object.fromEntries(
    stage
      .filter((l) => l.startsWith('ENV '))
      .flatMap((l) => [...l.slice(4).matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
  );

describe('the Dockerfile', () => {
  it('builds in two stages and runs as a non-root user with volumes for models and the request log', () => {
    expect(instructions.filter((l) => l.startsWith('FROM '))).toEqual([
      'FROM node:20-bookworm-slim AS build',
      'FROM node:20-bookworm-slim AS runtime',
    ]);
    expect(runtimeStage).toContain('USER node');
    expect(runtimeStage).toContain('VOLUME ["/app/models", "/app/var"]');
    const env = envOf(runtimeStage);
    expect(env.MODELS_DIR).toBe('/app/models');
    expect(env.DB_PATH.startsWith('/app/var/')).toBe(true);
  });

  it('copies only files that exist in the build context and are not excluded by .dockerignore', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const sources = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it('starts the service with its CMD and passes its HEALTHCHECK, then stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docker-cmd-'));
    try {
      writeTinyRegistry(join(dir, 'models'));
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      const env = {
        ...process.env,
        ...envOf(runtimeStage),
        PORT: port,
        HOST: '127.0.0.1',
        MODELS_DIR: join(dir, 'models'),
        DB_PATH: join(dir, 'var', 'requests.sqlite'),
      };
      const [command, ...args] = exec(runtimeStage.find((l) => l.startsWith('CMD ')));
      expect(command).toBe('node');
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d) => String(d).includes('"listening"') && resolve()),
      );
      const [, ...checkArgs] = exec(runtimeStage.find((l) => l.startsWith('HEALTHCHECK ')));
      expect(spawnSync(process.execPath, checkArgs, { env, timeout: 10_000 }).status).toBe(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(spawnSync(process.execPath, checkArgs, { env, timeout: 10_000 }).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
