import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the suite runs against: DATABASE_URL (`scripts/with-postgres.sh` starts a
 * throwaway one and sets it; `.ci/run` does that). Without it the suite fails with how to get one.
 */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'The PostgreSQL tests need a server: run `bash scripts/with-postgres.sh npm run test:postgres` ' +
        '(starts a throwaway one), or set DATABASE_URL=postgres://… to a database the user may CREATE DATABASE on.',
    );
  }
  return url;
}

/** A fresh database on the test server for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = serverUrl();
  const name = `retention_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
