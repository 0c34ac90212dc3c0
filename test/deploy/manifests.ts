import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigSchema } from '../../src/api/config.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const KUBERNETES_DIR = join(ROOT, 'deploy', 'kubernetes');

/** A Kubernetes object as written in deploy/kubernetes (plain data). */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Every object of every YAML file of deploy/kubernetes except the kustomization, with its file. */
export function kubernetesManifests(): { file: string; manifest: Manifest }[] {
  return readdirSync(KUBERNETES_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8')).map((document) => {
        if (document.errors.length) throw new Error(`${file}: ${document.errors[0]?.message}`);
        return { file, manifest: document.toJS() as Manifest };
      }),
    );
}

/**
 * Environment variables the deployment files may set: the service's configuration schema plus the
 * variables read outside it (the alert webhook of `monitor watch`, Node's own).
 */
export const KNOWN_ENVIRONMENT = new Set([
  ...Object.keys(ConfigSchema.shape),
  'ALERT_WEBHOOK_URL',
  'NODE_ENV',
]);
