import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_FEATURE_VERSION } from '../../customers/index.ts';
import {
  appendDecision,
  BUNDLE_FILE,
  buildReference,
  COHORTS_FILE,
  CUSTOMER_TASK,
  createVersionDir,
  METRICS_FILE,
  type ModelBundle,
  REFERENCE_FILE,
  REPORT_FILE,
  readProductionPointer,
  versionDir,
  writeProductionPointer,
} from '../../registry/index.ts';
import { cohortsJson } from '../../segments/index.ts';
import type { TransactionReadSummary } from '../../transactions/index.ts';
import { sha256File } from '../data/fingerprint.ts';
import { customerValueFigures } from './customerValueFigures.ts';
import { customerValueReportMarkdown } from './customerValueReport.ts';
import type { CustomerValueRun } from './trainCustomerValue.ts';

export interface CustomerValueVersionInputs {
  modelsDir: string;
  run: CustomerValueRun;
  /** The transaction file read (hashed into the fingerprint); null for simulated data. */
  inputPath: string | null;
  /** How a default model was made (recorded in the bundle's params). */
  recipe?: Record<string, unknown>;
  read: TransactionReadSummary;
  createdAt: Date;
  command: string;
  codeVersion: string | null;
  /** `always`: point production at the new version; `if-none`: only when there is none; `never`. */
  promote: 'always' | 'if-none' | 'never';
}

/**
 * Write a customer-value run as a new registry version (models/customer-value/<version>/): figures,
 * report.md, metrics.json, reference.json (customer features and CLV on the holdout customers),
 * cohorts.json (the dashboard's cohort heatmap) and last model.json (with the segmentation); then
 * move production as asked.
 */
export function writeCustomerValueVersion(inputs: CustomerValueVersionInputs): {
  version: string;
  dir: string;
  promoted: boolean;
} {
  const { run, modelsDir, read } = inputs;
  const path = inputs.inputPath;
  const dataFingerprint = {
    files: path === null ? [] : [{ path, sizeBytes: statSync(path).size, sha256: sha256File(path) }],
    // The registry's fingerprint counts rows and groups: transactions and customers here.
    rows: read.transactions,
    sessions: read.customers,
  };
  const params = {
    config: run.config,
    format: read.format,
    ...(inputs.recipe ? { recipe: inputs.recipe } : {}),
  };
  const version = createVersionDir(modelsDir, CUSTOMER_TASK, inputs.createdAt, {
    data: dataFingerprint,
    params,
  });
  const dir = versionDir(modelsDir, CUSTOMER_TASK, version);
  for (const [name, svg] of Object.entries(customerValueFigures(run))) writeFileSync(join(dir, name), svg);
  writeFileSync(
    join(dir, REPORT_FILE),
    customerValueReportMarkdown(run, {
      version,
      createdAt: inputs.createdAt.toISOString(),
      command: inputs.command,
      codeVersion: inputs.codeVersion,
      read,
    }),
  );
  writeFileSync(join(dir, METRICS_FILE), `${JSON.stringify(metricsDocument(run, version), null, 2)}\n`);
  const { holdout } = run.design;
  const reference = buildReference(
    CUSTOMER_FEATURE_VERSION,
    run.artifact.featureNames,
    // Missing values (a one-time buyer's gaps) are left out: the reference is the observed distribution.
    holdout.X.columns.map((column) => column.filter((value) => !Number.isNaN(value))),
    run.scores.lifetimeValue,
  );
  writeFileSync(join(dir, REFERENCE_FILE), JSON.stringify(reference));
  writeFileSync(join(dir, COHORTS_FILE), JSON.stringify(cohortsJson(run.cohorts)));
  const bundle: ModelBundle = {
    bundleSchemaVersion: 1,
    task: CUSTOMER_TASK,
    version,
    createdAt: inputs.createdAt.toISOString(),
    modelName: 'bgnbd-gamma-gamma+gradient-boosting',
    target: `spend${run.config.horizonDays}d`,
    featureVersion: CUSTOMER_FEATURE_VERSION,
    featureNames: [...run.artifact.featureNames],
    artifact: run.artifact,
    segmentation: run.segmentation,
    params,
    metrics: flatMetrics(run),
    dataFingerprint,
    codeVersion: inputs.codeVersion,
  };
  writeFileSync(join(dir, BUNDLE_FILE), JSON.stringify(bundle));
  const current = readProductionPointer(modelsDir, CUSTOMER_TASK);
  const promoted = inputs.promote === 'always' || (inputs.promote === 'if-none' && current === null);
  const now = new Date().toISOString();
  const reason = inputs.recipe
    ? 'default model'
    : inputs.promote === 'always'
      ? 'promoted by clv fit --promote'
      : 'first customer-value model';
  if (promoted) {
    writeProductionPointer(modelsDir, {
      task: CUSTOMER_TASK,
      version,
      promotedAt: now,
      previousVersion: current?.version ?? null,
      reason,
    });
  }
  appendDecision(modelsDir, {
    task: CUSTOMER_TASK,
    decidedAt: now,
    action: promoted ? 'promoted' : 'kept',
    candidateVersion: version,
    productionVersionBefore: current?.version ?? null,
    productionVersionAfter: promoted ? version : (current?.version ?? null),
    mainMetric: null,
    candidateScore: null,
    productionScore: null,
    requiredMargin: null,
    guards: [],
    reason: promoted ? reason : 'production exists; pass --promote to replace it',
  });
  return { version, dir, promoted };
}

function flatMetrics(run: CustomerValueRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [family, metrics] of Object.entries(run.metrics)) {
    for (const [name, value] of Object.entries(metrics)) {
      if (Number.isFinite(value)) out[`${family}${name[0]!.toUpperCase()}${name.slice(1)}`] = value;
    }
  }
  return out;
}

function metricsDocument(run: CustomerValueRun, version: string) {
  const { bgnbd, gammaGamma } = run.artifact.state;
  return {
    task: CUSTOMER_TASK,
    version,
    holdout: {
      calibrationEnd: run.config.calibrationEnd,
      horizonDays: run.config.horizonDays,
      customers: run.design.holdout.summary.x.length,
      trainingCustomers: run.design.training.summary.x.length,
    },
    bgnbd: bgnbd.state,
    gammaGamma: gammaGamma.state,
    metrics: run.metrics,
    fitSeconds: run.fitSeconds,
    // Fitted beside BG/NBD for the report, not served: its parameters and the purchase-count comparison.
    paretoNbd: {
      ...run.paretoNbd.artifact.state,
      fitSeconds: run.paretoNbd.fitSeconds,
      holdout: run.paretoNbd.metrics,
    },
  };
}
