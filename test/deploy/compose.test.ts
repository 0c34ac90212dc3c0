import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cron } from 'croner';
import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_ENVIRONMENT, kubernetesManifests, ROOT } from './manifests.ts';

const COMPOSE_PATH = join(ROOT, 'deploy', 'compose.yaml');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  read_only?: boolean;
  tmpfs?: string[];
}
const compose = parse(readFileSync(COMPOSE_PATH, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/** dclint: the Compose Specification's JSON schema and its rules, minus its key-ordering style rules. */
interface LintMessage {
  rule: string;
  type: string;
  message: string;
}
function lint(path = COMPOSE_PATH): LintMessage[] {
  const linter = new DCLinter({
    rules: { 'service-keys-order': 0, 'services-alphabetical-order': 0, 'top-level-properties-order': 0 },
    quiet: false,
    debug: false,
    exclude: [],
  });
  return linter.lintFiles([path], false).flatMap((result: { messages: LintMessage[] }) => result.messages);
}

describe('deploy/compose.yaml', () => {
  it('is a valid Compose file (schema and dclint rules, no finding)', () => {
    expect(lint()).toEqual([]);
  });

  it('runs the API twice on PostgreSQL, the retrain job on the Kubernetes CronJob schedule, and the alert watcher', () => {
    expect(services.api?.deploy?.replicas).toBe(2);
    expect(services.postgres?.image).toMatch(/^postgres:15/);
    expect(services.api?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(services.monitor?.environment?.DATABASE_URL).toBe(services.api?.environment?.DATABASE_URL);
    expect(services.api?.depends_on?.postgres?.condition).toBe('service_healthy');

    const retrain = services.retrain?.command ?? [];
    const schedule = retrain[retrain.indexOf('--schedule') + 1] as string;
    const cronJob = kubernetesManifests().find((m) => m.manifest.metadata.name === 'retention-retrain')
      ?.manifest as never as {
      spec: { schedule: string };
    };
    expect(schedule).toBe(cronJob.spec.schedule);
    const monitor = services.monitor?.command ?? [];
    expect(monitor.slice(3, 5)).toEqual(['scripts/monitor.ts', 'watch']);
    expect(
      new Cron(monitor[monitor.indexOf('--schedule') + 1] as string, { paused: true }).nextRun(),
    ).toBeInstanceOf(Date);
  });

  it('runs scripts that exist, read-only, with known variables and declared volumes', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const argument of service.command ?? []) {
        if (/^scripts\/.*\.ts$/.test(argument))
          expect(existsSync(join(ROOT, argument)), `${name}: ${argument}`).toBe(true);
      }
      if (service.image?.startsWith('retention-service')) {
        expect(service.read_only, name).toBe(true);
        expect(service.tmpfs, name).toContain('/tmp');
        for (const key of Object.keys(service.environment ?? {}))
          expect(KNOWN_ENVIRONMENT, `${name}: ${key}`).toContain(key);
      }
      for (const volume of service.volumes ?? []) {
        expect(Object.keys(compose.volumes), `${name}: ${volume}`).toContain(volume.split(':')[0]);
      }
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(services)).toContain(dependency);
    }
    // Only the retrain job writes the models volume; the API replicas and the watcher read it.
    for (const name of ['api', 'monitor'])
      expect(services[name]?.volumes).toContain('models:/app/var/models:ro');
    for (const name of ['retrain', 'seed-models'])
      expect(services[name]?.volumes).toContain('models:/app/var/models');
    for (const name of ['api', 'monitor', 'retrain', 'seed-models']) {
      expect(services[name]?.environment?.MODELS_DIR, name).toBe('/app/var/models');
    }
  });

  it('the linter catches a misspelt key and an unbound port (the validation is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-lint-'));
    try {
      const lintChanged = (from: string, to: string) => {
        const changed = join(dir, 'compose.yaml');
        writeFileSync(changed, readFileSync(COMPOSE_PATH, 'utf8').replace(from, to));
        return lint(changed).map((m) => m.rule);
      };
      expect(lintChanged('stop_grace_period: 30s', 'stop_grace_periodd: 30s')).toEqual(['invalid-schema']);
      expect(lintChanged("'127.0.0.1:8080-8081:8080'", "'8080-8081:8080'")).toEqual([
        'no-unbound-port-interfaces',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
