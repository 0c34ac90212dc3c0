import { pct, renderTable } from '../../report/index.ts';
import type { QualityReport } from '../qualityReport.ts';

/**
 * The quality report's `overTime` as one text table, a line per bucket and task. The bucket's
 * request figures (all endpoints) are printed on its first line only, so they do not read as per task.
 *
 * @example
 * console.log(qualityOverTimeTable(qualityReport(db, models, window, thresholds)));
 */
export function qualityOverTimeTable(report: QualityReport): string {
  const rows: string[][] = [];
  for (const b of report.overTime) {
    const bucket = [
      new Date(b.startMs).toISOString().slice(5, 16).replace('T', ' '),
      String(b.requests),
      String(b.rejected),
      pct(b.rejectedShare),
    ];
    const checks = b.tasks.map((t) => [
      t.task,
      String(t.rows),
      pct(t.missingShare, 2),
      pct(t.outOfRangeShare, 2),
      t.worstFeature ?? '—',
    ]);
    if (checks.length === 0) checks.push(['', '', '', '', '']);
    for (const [i, c] of checks.entries()) rows.push([...(i === 0 ? bucket : bucket.map(() => '')), ...c]);
  }
  return renderTable(
    ['bucket (UTC)', 'requests', 'rejected', 'share', 'task', 'rows', 'missing', 'out of range', 'worst'],
    rows,
  );
}
