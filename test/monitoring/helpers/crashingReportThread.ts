/**
 * A report thread for the crash tests. When `crashNextReportThread(dbPath)` was called, this thread
 * removes the mark and ends itself (exit code 70) on its first report — what an out-of-memory or
 * native crash looks like to the runner; otherwise it is the real thread. The runner is the real one.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportThreadData } from '../../../src/monitoring/reportThreadProtocol.ts';

/** Pass as `threadUrl` to a ReportRunner. */
export const CRASHING_REPORT_THREAD_URL = import.meta.url;

const markFor = (dbPath: string) => `${dbPath}.crash-next-report-thread`;

/** The next report thread started on `dbPath` with this entry dies on its first report. */
export function crashNextReportThread(dbPath: string): void {
  writeFileSync(markFor(dbPath), '');
}

if (parentPort !== null) {
  const { database } = workerData as ReportThreadData;
  const mark = markFor(database.kind === 'sqlite' ? database.path : database.url);
  if (existsSync(mark)) {
    rmSync(mark);
    parentPort.once('message', () => process.exit(70));
  } else {
    // Started with startThread: the bundle evaluates the real thread here, lazily.
    void import('../../../src/monitoring/reportThread.ts');
  }
}
