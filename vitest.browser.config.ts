import { configDefaults, defineConfig } from 'vitest/config';
import base, { BROWSER_TESTS } from './vitest.config.ts';

/** `npm run test:browser`: only the tests that drive a real Chromium (see test/helpers/findChromium.ts). */
export default defineConfig({
  test: { ...base.test, include: [BROWSER_TESTS], exclude: configDefaults.exclude },
});
