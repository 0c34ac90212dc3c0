import type { ReportArgs, ReportKind } from './computeReport.ts';
import type { ReportDatabaseSpec } from './requestLog/requestStore.ts';

/** What the report thread starts with (workerData). */
export interface ReportThreadData {
  /** The request log: a SQLite file the thread opens read-only (WAL: it reads beside the writer), or PostgreSQL. */
  database: ReportDatabaseSpec;
}

/** One report to compute; answered by a ReportAnswer with the same id. */
export interface ReportJob {
  id: number;
  kind: ReportKind;
  args: ReportArgs;
}

/** The report, or the error the report code threw (a bug or an SQLite error, not a dead thread). */
export type ReportAnswer =
  | { id: number; report: unknown }
  | { id: number; error: { name: string; message: string; stack?: string } };
