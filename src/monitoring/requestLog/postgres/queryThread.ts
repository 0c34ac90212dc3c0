/**
 * The thread behind PostgresReportConnection: one pg client, one query per message, each answer
 * posted and then signalled through the shared control word the caller is blocked on.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { postgresConfig } from './connect.ts';
import type { QueryAnswer, QueryJob, QueryThreadData } from './queryThreadProtocol.ts';

const { url, port, control } = workerData as QueryThreadData & { port: MessagePort };
const client = new pg.Client(postgresConfig(url, 'retention-service monitoring'));
const connected = client.connect();

port.on('message', async ({ sql, values, rowMode }: QueryJob) => {
  let answer: QueryAnswer;
  try {
    await connected;
    const result = await client.query({ text: sql, values, ...(rowMode === 'array' ? { rowMode } : {}) });
    answer = { rows: result.rows };
  } catch (error) {
    const { message, code } = error as { message: string; code?: string };
    answer = { error: { message, code } };
  }
  port.postMessage(answer);
  Atomics.store(control, 0, 1);
  Atomics.notify(control, 0);
});
