import { configDefaults, defineConfig } from 'vitest/config';
import base, { POSTGRES_TESTS } from './vitest.config.ts';

/** `npm run test:postgres`: the tests against a real PostgreSQL (DATABASE_URL; scripts/with-postgres.sh). */
export default defineConfig({
  test: { ...base.test, include: [POSTGRES_TESTS], exclude: configDefaults.exclude },
});
