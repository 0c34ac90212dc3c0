import { afterAll, describe, expect, it } from 'vitest';
import { RequestLogWriter } from '../../src/monitoring/requestLog/index.ts';
import type { RequestRow } from '../../src/monitoring/requestLog/requestRow.ts';
import { createTempRequestLog } from '../monitoring/helpers/requestLogDb.ts';

const DAY_MS = 86_400_000;
const log = createTempRequestLog();
afterAll(() => log.cleanup());

const row = (tsMs: number, i: number): RequestRow => ({
  tsMs,
  endpoint: '/churn',
  requestId: `r-${i}`,
  clientSessionId: null,
  task: 'churn',
  modelVersion: null,
  featureVersion: null,
  features: null,
  prediction: null,
  decision: null,
  pageCount: null,
  latencyMs: 1,
  status: 200,
  errorReason: null,
});

describe('retention on the writer thread, in bounded chunks', () => {
  it('deletes 40,000 expired rows in chunks while rows written meanwhile are committed between them', async () => {
    const now = Date.now();
    const insert = log.db.prepare(
      "INSERT INTO requests (ts_ms, endpoint, request_id, latency_ms, status) VALUES (?, '/churn', ?, 1, 200)",
    );
    const feedback = log.db.prepare('INSERT INTO feedback (ts_ms, request_id, churned) VALUES (?, ?, 1)');
    log.db.transaction(() => {
      for (let i = 0; i < 40_000; i++) insert.run(now - 40 * DAY_MS + i, `old-${i}`);
      for (let i = 0; i < 300; i++) feedback.run(now - 40 * DAY_MS, `old-${i}`);
      for (let i = 0; i < 100; i++) insert.run(now - DAY_MS, `new-${i}`);
    })();
    const writer = new RequestLogWriter(log.db, { flushIntervalMs: 10 });
    try {
      let done = false;
      const running = writer.deleteExpiredRows(30, { nowMs: now, chunkRows: 500 }).finally(() => {
        done = true;
      });
      for (let i = 0; i < 10; i++) writer.write(row(now, i));
      // A synchronous flush waits for the thread's commit: it comes between two chunks, long
      // before the 80 chunks are through.
      expect(writer.flush()).toBe(10);
      expect(done).toBe(false);
      expect(await running).toEqual({ requests: 40_000, feedback: 300 });
      const left = log.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number };
      expect(left.n).toBe(110);
    } finally {
      writer.close();
    }
  });
});
