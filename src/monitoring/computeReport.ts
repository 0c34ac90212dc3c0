import type Database from 'better-sqlite3';
import type { ServedModelData } from '../registry/servedModel.ts';
import type { MonitoringThresholds } from './config.ts';
import { type CustomerValueReport, customerValueReport } from './customerValueReport.ts';
import { type DriftReport, driftReport } from './driftReport.ts';
import { type OpsReport, opsReport } from './opsReport.ts';
import { type PerformanceReport, performanceReport } from './performanceReport.ts';
import { type QualityReport, qualityReport } from './qualityReport.ts';
import type { TimeWindow } from './timeWindow.ts';

/** What a report is computed from besides the database: plain data, so it can cross to a thread. */
export interface ReportArgs {
  models: readonly ServedModelData[];
  window: TimeWindow;
  thresholds: MonitoringThresholds;
}

/** The answer of each kind of report (drift and performance: one per served model). */
export interface ReportOfKind {
  drift: DriftReport[];
  quality: QualityReport;
  ops: OpsReport;
  performance: PerformanceReport[];
  customers: CustomerValueReport;
}

export type ReportKind = keyof ReportOfKind;

export const REPORT_KINDS = [
  'drift',
  'quality',
  'ops',
  'performance',
  'customers',
] as const satisfies ReportKind[];

/**
 * One monitoring report of `kind` over the request log `db` — the single dispatch used in-process
 * and on the report thread (src/monitoring/reportThread.ts), so both answer the same.
 *
 * @example
 * const [churnDrift] = computeReport('drift', db, { models: [servedChurn], window, thresholds });
 */
export function computeReport<K extends ReportKind>(
  kind: K,
  db: Database.Database,
  { models, window, thresholds }: ReportArgs,
): ReportOfKind[K] {
  const byKind: { [Kind in ReportKind]: () => ReportOfKind[Kind] } = {
    drift: () => models.map((m) => driftReport(db, m, window, thresholds)),
    quality: () => qualityReport(db, models, window, thresholds),
    ops: () => opsReport(db, window, thresholds),
    performance: () => models.map((m) => performanceReport(db, m, window, thresholds)),
    customers: () => customerValueReport(db, window),
  };
  return byKind[kind]();
}
