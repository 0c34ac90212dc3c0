import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that drive a real Chromium: `npm run test:browser` (vitest.browser.config.ts), not `npm test`. */
export const BROWSER_TESTS = 'test/**/*.browser.test.ts';
/** Tests against a real PostgreSQL server: `npm run test:postgres` (vitest.postgres.config.ts), not `npm test`. */
export const POSTGRES_TESTS = 'test/**/*.postgres.test.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // `npm test` needs nothing beyond Node and npm; `.ci/run` installs Chromium and PostgreSQL and
    // runs those suites apart.
    exclude: [...configDefaults.exclude, BROWSER_TESTS, POSTGRES_TESTS],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores in CI: more workers only thrash.
    maxWorkers: 2,
  },
});
