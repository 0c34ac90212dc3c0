import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresReportConnection } from '../../src/monitoring/requestLog/postgres/index.ts';
import { createTestDatabase } from './testDatabase.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let connection: PostgresReportConnection;
const ROWS = 23;

beforeAll(async () => {
  database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query('CREATE TABLE numbers (n BIGINT PRIMARY KEY, label TEXT)');
  await client.query(`INSERT INTO numbers SELECT i, 'n' || i FROM generate_series(1, ${ROWS}) AS i`);
  await client.end();
  // Batches of 5 rows: 23 rows take five reads, the last one short.
  connection = PostgresReportConnection.open(database.url, { batchRows: 5 });
});
afterAll(async () => {
  connection?.close();
  await database?.drop();
});

const SQL = 'SELECT n, label FROM numbers WHERE n >= @from ORDER BY n';

describe('PostgresReportConnection: iteration through a server-side cursor', () => {
  it('yields every row, in order, across batches, with BIGINT as numbers', () => {
    const rows = [...connection.iterate(SQL, { from: 1 }, 'array')];
    expect(rows).toEqual(Array.from({ length: ROWS }, (_, i) => [i + 1, `n${i + 1}`]));
    // A batch-size multiple ends on an empty read, not a hang.
    expect([...connection.iterate(SQL, { from: ROWS - 9 }, 'array')]).toHaveLength(10);
  });

  it('answers a query made while a cursor is open, and releases a cursor left early', () => {
    const seen: number[] = [];
    for (const row of connection.iterate(SQL, { from: 1 }, 'array')) {
      seen.push((row as [number])[0]);
      // The report's other queries do not queue behind the cursor's connection.
      if (seen.length === 7)
        expect(connection.query('SELECT COUNT(*) AS c FROM numbers')).toEqual([{ c: ROWS }]);
      if (seen.length === 12) break;
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Far more early exits than the pool has clients: each one gave its client back.
    for (let i = 0; i < 10; i++) {
      for (const _ of connection.iterate(SQL, { from: 1 }, 'array')) break;
    }
    expect(connection.query('SELECT COUNT(*) AS c FROM pg_cursors')).toEqual([{ c: 0 }]);
    expect(connection.asReportDatabase().prepare(SQL).raw(true).all({ from: 20 })).toHaveLength(4);
  });

  it('reports a bad query in one line, and the connection keeps working', () => {
    expect(() => [...connection.iterate('SELECT nope FROM numbers', {}, 'array')]).toThrow(
      /PostgreSQL request log postgres:\/\/.*column "nope" does not exist \(SQLSTATE 42703\)/,
    );
    expect([...connection.iterate(SQL, { from: 22 }, 'array')]).toEqual([
      [22, 'n22'],
      [23, 'n23'],
    ]);
  });
});
