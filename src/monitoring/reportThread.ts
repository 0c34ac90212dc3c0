/**
 * The body of the report thread (started by ReportRunner): its own read-only connection to the
 * request log, one report per message, answered in order. A report's own exception is sent back
 * as an answer; anything else ends the thread, which the runner sees as its exit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { computeReport } from './computeReport.ts';
import type { ReportAnswer, ReportJob, ReportThreadData } from './reportThreadProtocol.ts';
import { openReportDatabase } from './requestLog/openReportDatabase.ts';

const { database } = workerData as ReportThreadData;
const port = parentPort;
if (port === null) throw new Error('reportThread.ts runs as a worker thread (see ReportRunner).');
// SQLite: opened as is, so a file that is not a request log fails each report with SQLite's own
// error (the thread keeps serving) rather than killing the thread at start.
const db =
  database.kind === 'sqlite'
    ? new Database(database.path, { readonly: true, fileMustExist: true, timeout: database.busyTimeoutMs })
    : openReportDatabase(database);

port.on('message', ({ id, kind, args }: ReportJob) => {
  let answer: ReportAnswer;
  try {
    answer = { id, report: computeReport(kind, db, args) };
  } catch (error) {
    const { name, message, stack } = error as Error;
    answer = { id, error: { name, message, stack } };
  }
  port.postMessage(answer);
});
