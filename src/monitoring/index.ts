export {
  computeReport,
  REPORT_KINDS,
  type ReportArgs,
  type ReportKind,
  type ReportOfKind,
} from './computeReport.ts';
export {
  DEFAULT_THRESHOLDS,
  loadThresholds,
  type MonitoringThresholds,
  MonitoringThresholdsSchema,
} from './config.ts';
export { type DriftReport, driftReport, type PredictionBucket } from './driftReport.ts';
export { parseDurationMs } from './duration.ts';
export { type LatencyStats, type OpsReport, opsReport } from './opsReport.ts';
export {
  type LiveMetrics,
  liveMetrics,
  type PerformanceReport,
  performanceReport,
} from './performanceReport.ts';
export { type FeatureQuality, type QualityReport, qualityReport, type TaskQuality } from './qualityReport.ts';
export { referenceColumns } from './referenceColumns.ts';
export { ReportRunner, type ReportRunnerOptions, ReportUnavailableError } from './reportRunner.ts';
export { readScoredWindow, type ScoredWindow } from './scoredWindow.ts';
export { type ColumnDrift, columnDrift, type PsiBand, psiBand, referenceScale } from './stats/columnDrift.ts';
export { PSI_EPSILON, populationStabilityIndex } from './stats/psi.ts';
export { wassersteinToQuantiles } from './stats/wasserstein.ts';
export { bucketStarts, resolveTimeWindow, type TimeWindow } from './timeWindow.ts';
