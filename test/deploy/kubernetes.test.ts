import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model } from '@kubernetes-models/base';
import { Cron } from 'croner';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/api/config.ts';
import { runMonitorWatch } from '../../src/monitoring/cli/watchCommand.ts';
import { writeTinyRegistry } from '../api/helpers/tinyModels.ts';
import { createTempRequestLog } from '../monitoring/helpers/requestLogDb.ts';
import { KNOWN_ENVIRONMENT, KUBERNETES_DIR, kubernetesManifests, type Manifest, ROOT } from './manifests.ts';

/** The schema-checked model class of each kind the manifests use (kubernetes-models: the API's JSON schemas). */
const MODELS: Record<string, new (data: never) => Model<unknown>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const manifests = kubernetesManifests();
const byKind = (kind: string) => manifests.map((m) => m.manifest).filter((m) => m.kind === kind);
const one = (kind: string, name: string) => {
  const found = byKind(kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found;
};
const podSpecOf = (m: Manifest): IPodSpec =>
  m.kind === 'CronJob'
    ? (m as never as { spec: { jobTemplate: { spec: { template: { spec: IPodSpec } } } } }).spec.jobTemplate
        .spec.template.spec
    : (m as never as { spec: { template: { spec: IPodSpec } } }).spec.template.spec;
const workloads = [...byKind('Deployment'), ...byKind('CronJob')];
const containersOf = (spec: IPodSpec): IContainer[] => [...(spec.initContainers ?? []), ...spec.containers];

describe('deploy/kubernetes', () => {
  it('every object validates against the Kubernetes API schema of its kind', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(11);
    for (const { file, manifest } of manifests) {
      const Kind = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Kind, `${file}: ${manifest.apiVersion} ${manifest.kind} has no schema here`).toBeDefined();
      expect(
        () => new (Kind as new (data: Manifest) => Model<unknown>)(manifest).validate(),
        file,
      ).not.toThrow();
    }
  });

  it('the schema check catches a wrong type (the validation is real)', () => {
    const deployment = structuredClone(one('Deployment', 'retention-api'));
    podSpecOf(deployment).containers[0]!.ports = [{ containerPort: '8080' as never }];
    expect(() => new Deployment(deployment as never).validate()).toThrow(/containerPort must be integer/);
  });

  it('the kustomization lists exactly the manifest files', () => {
    const kustomization = parse(readFileSync(join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8'));
    expect([...kustomization.resources].sort()).toEqual([...new Set(manifests.map((m) => m.file))].sort());
  });

  it('the API Deployment has probes, resources and a non-root read-only-root security context', () => {
    const deployment = one('Deployment', 'retention-api');
    const spec = podSpecOf(deployment);
    const api = spec.containers.find((c) => c.name === 'api') as IContainer;
    expect(api.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(api.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(api.ports).toContainEqual({ name: 'http', containerPort: 8080 });
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    // uid 1000 is the image's USER node.
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^USER node$/m);
    const shutdownMs = Number(
      (one('ConfigMap', 'retention-config') as never as { data: Record<string, string> }).data
        .SHUTDOWN_TIMEOUT_MS,
    );
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(shutdownMs / 1000 + 5); // + preStop pause
    const mounts = new Map(api.volumeMounts?.map((m) => [m.mountPath, m]));
    expect(mounts.get('/app/var/models')?.readOnly).toBe(true);
    expect(mounts.has('/tmp')).toBe(true);
  });

  it('every container of every workload is non-root, read-only-root, without privileges, with resources', () => {
    for (const workload of workloads) {
      const spec = podSpecOf(workload);
      expect(spec.securityContext?.runAsNonRoot, workload.metadata.name).toBe(true);
      expect(spec.automountServiceAccountToken, workload.metadata.name).toBe(false);
      for (const container of containersOf(spec)) {
        const where = `${workload.metadata.name}/${container.name}`;
        expect(container.securityContext, where).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.requests?.cpu, where).toBeDefined();
        expect(container.resources?.requests?.memory, where).toBeDefined();
        expect(container.resources?.limits?.memory, where).toBeDefined();
        // tsx writes its compile cache to /tmp: on a read-only root it must be a volume.
        if (container.command?.includes('tsx')) {
          expect(
            container.volumeMounts?.map((m) => m.mountPath),
            where,
          ).toContain('/tmp');
        }
      }
    }
  });

  it('the Service, HPA and PDB point at the API pods; every reference names an object of the set', () => {
    const deployment = one('Deployment', 'retention-api') as never as {
      metadata: { name: string };
      spec: {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> } };
      };
    };
    const podLabels = deployment.spec.template.metadata.labels;
    expect(podLabels).toMatchObject(deployment.spec.selector.matchLabels);
    const service = one('Service', 'retention-api') as never as {
      spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    expect(podLabels).toMatchObject(service.spec.selector);
    expect(service.spec.ports[0]?.targetPort).toBe('http');
    const pdb = one('PodDisruptionBudget', 'retention-api') as never as {
      spec: { selector: { matchLabels: Record<string, string> } };
    };
    expect(podLabels).toMatchObject(pdb.spec.selector.matchLabels);
    const hpa = one('HorizontalPodAutoscaler', 'retention-api') as never as {
      spec: {
        scaleTargetRef: { kind: string; name: string };
        minReplicas: number;
        metrics: { resource: { name: string } }[];
      };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.metrics[0]?.resource.name).toBe('cpu');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);

    const names = (kind: string) => byKind(kind).map((m) => m.metadata.name);
    for (const workload of workloads) {
      const spec = podSpecOf(workload);
      for (const volume of spec.volumes ?? []) {
        if (volume.persistentVolumeClaim)
          expect(names('PersistentVolumeClaim')).toContain(volume.persistentVolumeClaim.claimName);
      }
      for (const container of containersOf(spec)) {
        for (const mount of container.volumeMounts ?? [])
          expect(spec.volumes?.map((v) => v.name)).toContain(mount.name);
        for (const from of container.envFrom ?? []) {
          if (from.configMapRef) expect(names('ConfigMap')).toContain(from.configMapRef.name);
          if (from.secretRef) expect(names('Secret')).toContain(from.secretRef.name);
        }
      }
    }
  });

  it('sets only variables the service knows, and the placeholder Secret refuses to start', () => {
    const config = one('ConfigMap', 'retention-config') as never as { data: Record<string, string> };
    const secret = one('Secret', 'retention-secrets') as never as { stringData: Record<string, string> };
    const env = [
      ...Object.keys(config.data),
      ...Object.keys(secret.stringData),
      ...workloads.flatMap((w) =>
        containersOf(podSpecOf(w)).flatMap((c) => (c.env ?? []).map((e) => e.name)),
      ),
    ];
    for (const name of env) expect(KNOWN_ENVIRONMENT, name).toContain(name);
    expect(() => loadConfig(config.data)).not.toThrow();
    // Applied unedited, the Secret stops the API at start-up instead of running with a known token.
    expect(() => loadConfig({ ...config.data, ...secret.stringData })).toThrow(
      /ADMIN_TOKEN must be at least 16/,
    );
  });

  it('runs scripts that exist, on valid schedules; the monitor CronJob command really checks once', async () => {
    for (const workload of workloads) {
      for (const container of containersOf(podSpecOf(workload))) {
        const argv = [...(container.command ?? []), ...(container.args ?? [])];
        // A script argument, or the module an inline `-e` program imports.
        const script =
          argv.find((a) => /\.(ts|sh)$/.test(a)) ?? argv.join(' ').match(/import\('\.\/([^']+)'\)/)?.[1];
        expect(
          script && existsSync(join(ROOT, script)),
          `${workload.metadata.name}/${container.name}: ${script}`,
        ).toBe(true);
      }
    }
    for (const cronJob of byKind('CronJob')) {
      const { schedule } = (cronJob as never as { spec: { schedule: string } }).spec;
      expect(new Cron(schedule, { paused: true }).nextRun()).toBeInstanceOf(Date);
    }
    const monitor = podSpecOf(one('CronJob', 'retention-monitor')).containers[0] as IContainer;
    expect(monitor.args?.slice(0, 2)).toEqual(['watch', '--once']);
    const log = createTempRequestLog();
    try {
      const modelsDir = join(log.dir, 'models');
      writeTinyRegistry(modelsDir);
      const args = (monitor.args ?? [])
        .slice(1)
        .map((a) => (a.startsWith('/app/var/') ? join(log.dir, 'state.json') : a));
      const code = await runMonitorWatch(args, {
        stdout: () => {},
        stderr: () => {},
        env: { DB_PATH: log.path, MODELS_DIR: modelsDir, ALERT_WEBHOOK_URL: '' },
      });
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(log.dir, 'state.json'), 'utf8'))).toEqual({ open: [] });
    } finally {
      log.cleanup();
    }
  });
});

describe('the seed-models init container', () => {
  it('runs the registry seeding: fills an empty models volume from the image, never overwrites a promotion', () => {
    const spec = podSpecOf(one('Deployment', 'retention-api'));
    const init = spec.initContainers?.find((c) => c.name === 'seed-models') as IContainer;
    const config = (one('ConfigMap', 'retention-config') as never as { data: Record<string, string> }).data;
    // The volume it writes is the one the API reads, at the ConfigMap's MODELS_DIR.
    expect(init.volumeMounts?.[0]?.mountPath).toBe(config.MODELS_DIR);
    const dir = mkdtempSync(join(tmpdir(), 'seed-models-'));
    try {
      const [command, ...args] = init.command ?? [];
      expect(command).toBe('node');
      // The container's exact command, with the volume and the image's /app/models as temp folders.
      const env = { ...process.env, MODELS_DIR: join(dir, 'volume'), SEED_MODELS_DIR: join(ROOT, 'models') };
      const seed = () => spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
      const first = seed();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/seededPointers":\["churn","session-value","customer-value"\]/);
      for (const task of ['churn', 'session-value']) {
        const pointer = JSON.parse(readFileSync(join(dir, 'volume', task, 'production.json'), 'utf8'));
        const model = join(task, pointer.version, 'model.json');
        expect(readFileSync(join(dir, 'volume', model))).toEqual(readFileSync(join(ROOT, 'models', model)));
      }
      // A promoted pointer on the volume survives the next pod's seeding.
      const promoted = join(dir, 'volume', 'churn', 'production.json');
      writeFileSync(promoted, '{"promoted": true}');
      expect(seed().status).toBe(0);
      expect(readFileSync(promoted, 'utf8')).toBe('{"promoted": true}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
