import { fmt, pct, period, renderTable } from '../../report/index.ts';
import type { CustomerValueReport, Distribution } from '../customerValueReport.ts';
import type { DriftReport } from '../driftReport.ts';
import type { OpsReport } from '../opsReport.ts';
import type { PerformanceReport } from '../performanceReport.ts';
import type { QualityReport } from '../qualityReport.ts';
import type { ColumnDrift } from '../stats/columnDrift.ts';
import { qualityOverTimeTable } from './qualityOverTimeTable.ts';

const driftRow = (c: ColumnDrift) => [
  c.name,
  String(c.count),
  fmt(c.psi),
  c.psiBand,
  fmt(c.wassersteinPerStd),
  fmt(c.jensenShannon),
  fmt(c.referenceMean, 2),
  fmt(c.windowMean, 2),
  c.drifted ? 'DRIFT' : c.psiBand === 'insufficient-data' ? '—' : 'ok',
];

/** Terminal text of one drift report per served model. */
export function renderDrift(reports: readonly DriftReport[], datasetDriftShare: number): string {
  return reports
    .map((r) => {
      const head = `Drift · ${r.task} ${r.modelVersion} · ${period(r.fromMs, r.toMs)} · ${r.rows} scored requests`;
      if (!r.prediction) return `${head}\n${r.alerts.join('\n')}`;
      const table = renderTable(
        ['column', 'n', 'PSI', 'band', 'W/std', 'JS', 'ref mean', 'window mean', 'verdict'],
        [...r.features.map(driftRow), driftRow({ ...r.prediction, name: '(prediction)' })],
      );
      const verdict = r.datasetDrifted
        ? `DATASET DRIFTED: ${r.driftedFeatures.length} of ${r.features.length} features drift`
        : `${r.driftedFeatures.length} of ${r.features.length} features drift (dataset drift at ≥ ${pct(datasetDriftShare, 0)})`;
      return `${head}\n\n${table}\n\n${verdict}`;
    })
    .join('\n\n');
}

/** Terminal text of the quality report. */
export function renderQuality(report: QualityReport): string {
  const parts = [`Data quality · ${period(report.fromMs, report.toMs)}`];
  parts.push(
    renderTable(
      ['endpoint', 'requests', 'rejected', 'share'],
      report.endpoints.map((e) => [e.endpoint, String(e.requests), String(e.rejected), pct(e.rejectedShare)]),
    ),
  );
  if (report.rejectedByReason.length) {
    parts.push(
      renderTable(
        ['endpoint', 'status', 'reason', 'requests'],
        report.rejectedByReason.map((r) => [r.endpoint, String(r.status), r.reason, String(r.requests)]),
      ),
    );
  }
  for (const t of report.tasks) {
    const flagged = t.features.filter((f) => f.missing > 0 || f.belowRange + f.aboveRange > 0);
    parts.push(
      `${t.task} ${t.modelVersion}: ${t.rows} scored requests, ${t.malformedRows} malformed, ` +
        `${flagged.length} of ${t.features.length} features with missing or out-of-range values`,
    );
    if (flagged.length) {
      parts.push(
        renderTable(
          ['feature', 'missing', 'below min', 'above max', 'out of range'],
          flagged.map((f) => [
            f.name,
            String(f.missing),
            String(f.belowRange),
            String(f.aboveRange),
            pct(f.outOfRangeShare),
          ]),
        ),
      );
    }
  }
  const bucket =
    report.bucketMs % 3_600_000 === 0
      ? `${report.bucketMs / 3_600_000} h`
      : `${report.bucketMs / 60_000} min`;
  parts.push(`Over time, buckets of ${bucket}:`, qualityOverTimeTable(report));
  return parts.join('\n\n');
}

/** Terminal text of the ops report. */
export function renderOps(report: OpsReport): string {
  const table = renderTable(
    ['endpoint', 'model', 'requests', '4xx', '5xx', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    report.byEndpoint.map((e) => [
      e.endpoint,
      e.modelVersion,
      String(e.requests),
      String(e.clientErrors),
      String(e.serverErrors),
      fmt(e.p50LatencyMs, 2),
      fmt(e.p95LatencyMs, 2),
      fmt(e.p99LatencyMs, 2),
      fmt(e.maxLatencyMs, 2),
    ]),
  );
  return `Operations · ${period(report.fromMs, report.toMs)} · ${report.totalRequests} requests\n\n${table}`;
}

/** Terminal text of the customers report: P(alive) and CLV of the valued customers, per bucket. */
export function renderCustomers(report: CustomerValueReport): string {
  const spread = (d: Distribution | null, digits: number) =>
    d ? [fmt(d.p10, digits), fmt(d.p50, digits), fmt(d.p90, digits)] : ['—', '—', '—'];
  const table = renderTable(
    ['bucket start (UTC)', 'customers', 'P(alive) p10', 'p50', 'p90', 'CLV p10', 'p50', 'p90'],
    [
      ...report.overTime
        .filter((b) => b.customers > 0)
        .map((b) => [
          new Date(b.startMs).toISOString().slice(0, 16).replace('T', ' '),
          String(b.customers),
          ...spread(b.probabilityAlive, 3),
          ...spread(b.lifetimeValue, 2),
        ]),
      [
        'whole period',
        String(report.customers),
        ...spread(report.probabilityAlive, 3),
        ...spread(report.lifetimeValue, 2),
      ],
    ],
  );
  const segments = report.segments.length
    ? `\n\nSegment mix\n\n${renderTable(
        ['segment', 'customers', 'share'],
        report.segments.map((g) => [g.segment ?? '(not placed)', String(g.customers), pct(g.share)]),
      )}`
    : '';
  return `Customers valued · ${period(report.fromMs, report.toMs)} · ${report.customers} answers (buckets without customers left out)\n\n${table}${segments}`;
}

/** Terminal text of one performance report per served model. */
export function renderPerformance(reports: readonly PerformanceReport[]): string {
  return reports
    .map((r) => {
      const head = `Live performance · ${r.task} (served ${r.servedVersion}) · ${period(r.fromMs, r.toMs)}`;
      if (r.byVersion.length === 0) return `${head}\n\nno labelled predictions yet (POST /feedback)`;
      const table =
        r.task === 'churn'
          ? renderTable(
              ['model', 'labelled', 'ROC AUC', 'Brier', 'precision', 'recall', 'F1', 'churn rate'],
              r.byVersion.map((v) => [
                v.modelVersion,
                String(v.labelled),
                fmt(v.rocAuc),
                fmt(v.brier),
                fmt(v.precision),
                fmt(v.recall),
                fmt(v.f1),
                pct(v.observedChurnRate),
              ]),
            )
          : renderTable(
              [
                'model',
                'labelled',
                'RMSE yuan',
                'MAE yuan',
                'Σpred/Σactual',
                'Σ actual yuan',
                '80 % interval coverage',
                '90 %',
                'other levels served',
              ],
              r.byVersion.map((v) => [
                v.modelVersion,
                String(v.labelled),
                fmt(v.rmseYuan, 2),
                fmt(v.maeYuan, 2),
                fmt(v.calibration, 2),
                fmt(v.sumActualYuan, 2),
                pct(v.intervalCoverage80),
                pct(v.intervalCoverage90),
                v.intervalCoverageByLevel
                  .filter((c) => c.level !== 0.8 && c.level !== 0.9)
                  .map((c) => `${Math.round(100 * c.level)} %: ${pct(c.coverage)} (${c.labelled})`)
                  .join(', ') || '—',
              ]),
            );
      return `${head}\n\n${table}`;
    })
    .join('\n\n');
}

/** The alerts block printed under every report (and the reason for exit status 1). */
export function renderAlerts(alerts: readonly string[]): string {
  return alerts.length
    ? `ALERTS (${alerts.length}):\n${alerts.map((a) => `  ✗ ${a}`).join('\n')}`
    : 'No threshold crossed.';
}
