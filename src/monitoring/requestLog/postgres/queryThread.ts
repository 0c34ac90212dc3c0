/**
 * The thread behind PostgresReportConnection: a small pg pool, one job per message, each answer
 * posted and then signalled through the shared control word the caller is blocked on. Plain
 * queries take any pooled client; an iteration holds a cursor on a client of its own until it is
 * read to the end or closed, so a query made while iterating does not queue behind the cursor.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { postgresConfig } from './connect.ts';
import type { QueryAnswer, QueryJob, QueryThreadData } from './queryThreadProtocol.ts';

const { url, port, control } = workerData as QueryThreadData & { port: MessagePort };
const pool = new pg.Pool({ ...postgresConfig(url, 'retention-service monitoring'), max: 4 });
// An idle client that the server drops is replaced by the pool; the next job reports the cause.
pool.on('error', () => {});
const cursors = new Map<number, { cursor: Cursor; client: pg.PoolClient }>();
let nextCursor = 0;

async function run(job: QueryJob): Promise<QueryAnswer> {
  switch (job.op) {
    case 'query': {
      const { sql, values, rowMode } = job;
      const result = await pool.query({ text: sql, values, ...(rowMode === 'array' ? { rowMode } : {}) });
      return { rows: result.rows };
    }
    case 'open': {
      const client = await pool.connect();
      const cursor = client.query(
        new Cursor(job.sql, job.values, job.rowMode ? { rowMode: job.rowMode } : {}),
      );
      const id = nextCursor++;
      cursors.set(id, { cursor, client });
      return { cursor: id };
    }
    case 'read': {
      const open = cursors.get(job.cursor);
      if (!open) return { rows: [] };
      try {
        const rows = await open.cursor.read(job.count);
        if (rows.length < job.count) await closeCursor(job.cursor);
        return { rows };
      } catch (error) {
        await closeCursor(job.cursor, error as Error);
        throw error;
      }
    }
    case 'close':
      await closeCursor(job.cursor);
      return { rows: [] };
  }
}

async function closeCursor(id: number, failure?: Error): Promise<void> {
  const open = cursors.get(id);
  if (!open) return;
  cursors.delete(id);
  // A failed cursor's client may be mid-protocol: destroy it rather than hand it back to the pool.
  if (failure) return open.client.release(failure);
  await open.cursor.close().catch(() => {});
  open.client.release();
}

port.on('message', async (job: QueryJob) => {
  let answer: QueryAnswer;
  try {
    answer = await run(job);
  } catch (error) {
    const { message, code } = error as { message: string; code?: string };
    answer = { error: { message, code } };
  }
  port.postMessage(answer);
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
