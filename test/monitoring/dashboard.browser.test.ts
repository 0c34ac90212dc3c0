import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../helpers/findChromium.ts';
import { ADMIN_TOKEN, monitoringApp } from './helpers/monitoringApp.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';
import { CONFINED_PARAMS, replayTraffic, SHIFTED_PARAMS, writeTrainedRegistry } from './helpers/scenario.ts';
import { simulatedRows } from './helpers/simulatedTraffic.ts';

const OUTPUT = join(import.meta.dirname, '..', '..', 'test-output');
const HOUR = 3_600_000;

// In-page code as source text: this project compiles without DOM types.
const DASHBOARD_READY = 'window.monitoringDashboard?.ready === true';

/**
 * Poll an expression from the test side until it is true. Playwright's waitForFunction polls inside
 * the page, where a string predicate needs eval, which the dashboard's CSP (rightly) forbids.
 */
async function waitForPage(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`the page never made "${expression}" true in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
interface CanvasProbe {
  id: string;
  hasChart: boolean;
  width: number;
  height: number;
  paintedShare: number;
}
/** Every visible canvas: is a Chart instance attached, and what share of its pixels is painted. */
const CANVAS_PROBE = `[...document.querySelectorAll('canvas')].filter((canvas) => canvas.offsetParent !== null).map((canvas) => {
  const { width, height } = canvas;
  const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return { id: canvas.id, hasChart: canvas.id in window.monitoringDashboard.charts, width, height, paintedShare: painted / (width * height) };
})`;

let log: ReturnType<typeof createTempRequestLog>;
let service: ReturnType<typeof monitoringApp>;
let server: ReturnType<typeof serve>;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  // Playwright's own download (`npx playwright install chromium`) is the last place looked at.
  const executablePath = findChromium({ extraPaths: [chromium.executablePath()] });
  log = createTempRequestLog();
  const modelsDir = join(log.dir, 'models');
  const { predictors } = writeTrainedRegistry(modelsDir, 3000, 1);
  const now = Date.now();
  // 18 steady hours, then 6 hours of shifted traffic (older users, gender 2), with outcomes.
  replayTraffic(log.db, simulatedRows({ sessions: 700, seed: 2, params: CONFINED_PARAMS }), {
    fromMs: now - 24 * HOUR,
    toMs: now - 6 * HOUR,
    tag: 'steady',
    feedback: true,
    predictors,
  });
  replayTraffic(log.db, simulatedRows({ sessions: 600, seed: 3, params: SHIFTED_PARAMS }), {
    fromMs: now - 6 * HOUR,
    toMs: now - 1000,
    tag: 'shifted',
    feedback: true,
    predictors,
  });
  // Some rejected and failed requests, so the quality table and the stacked bars have them.
  insertRequests(
    log.db,
    Array.from({ length: 120 }, (_, i) => ({
      tsMs: now - ((i * 7) % 24) * HOUR - 1000,
      task: null,
      modelVersion: null,
      latencyMs: 0.3,
      status: i % 10 === 0 ? 500 : 422,
      errorReason:
        i % 10 === 0 ? 'internal-error' : i % 3 ? 'invalid:pages.items.ctr' : 'invalid:profile.ageLevel',
    })),
  );
  // Customers valued over the last 20 hours (none in the first 4): P(alive) and CLV spread per hour,
  // the CLV rising in the last 6 hours.
  insertRequests(
    log.db,
    Array.from({ length: 600 }, (_, i) => {
      const hoursAgo = 20 * (1 - i / 600);
      const probabilityAlive = ((i * 37) % 100) / 100;
      const lifetimeValue = ((i * 53) % 200) * (hoursAgo < 6 ? 2 : 1);
      return {
        tsMs: now - hoursAgo * HOUR,
        endpoint: '/customers/value',
        task: 'customer-value' as const,
        modelVersion: 'clv-1',
        featureVersion: null,
        prediction: lifetimeValue,
        probabilityAlive,
        lifetimeValue,
      };
    }),
  );
  service = monitoringApp({ db: log.db, modelsDir });
  server = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  service?.close();
  log?.cleanup();
});

describe('the monitoring dashboard in headless Chromium', () => {
  it('loads with the token from the URL fragment and renders every chart with data', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (r) => failures.push(`${r.url()} ${r.failure()?.errorText}`));
    await page.goto(`${baseUrl}/dashboard#token=${ADMIN_TOKEN}`);
    await waitForPage(page, DASHBOARD_READY, 20_000);
    expect(failures).toEqual([]);
    expect(page.url()).not.toContain(ADMIN_TOKEN); // moved to sessionStorage, out of the address bar

    const canvases = await page.evaluate<CanvasProbe[]>(CANVAS_PROBE);
    expect(canvases.map((c) => c.id)).toEqual([
      'drift-chart',
      'prediction-chart',
      'volume-chart',
      'latency-chart',
      'performance-chart',
      'quality-chart',
    ]);
    for (const canvas of canvases) {
      expect(canvas.hasChart).toBe(true);
      expect(canvas.width).toBeGreaterThan(200);
      expect(canvas.paintedShare, `${canvas.id} is blank`).toBeGreaterThan(0.01);
    }

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });

    // The shifted hours make age and gender drift: the page says so.
    await expect(page.locator('#status').textContent()).resolves.toMatch(
      /features drift: ageLevel, gender\./,
    );
    const kpis = await page.locator('#kpis').textContent();
    expect(kpis).toMatch(/Drifting features\s*2\s*\/ 45/i);
    expect(await page.locator('#quality-table').textContent()).toContain('invalid:pages.items.ctr');
    // Quality over time: rejected share, out-of-range and missing shares, one point per hourly bucket;
    // the 4xx spread over every hour shows in each of them.
    const quality = await page.evaluate<(number | null)[][]>(
      "window.monitoringDashboard.charts['quality-chart'].data.datasets.map((d) => d.data)",
    );
    expect(quality.map((series) => series.length)).toEqual([24, 24, 24]);
    expect(quality[0].every((percent) => percent !== null && percent > 0)).toBe(true);

    // The session-value model: the page reloads its reports and redraws in yuan.
    const loads = await page.evaluate<number>('window.monitoringDashboard.loads');
    await page.selectOption('#task', 'session-value');
    await waitForPage(page, `window.monitoringDashboard.loads > ${loads}`);
    expect(await page.locator('#kpis').textContent()).toMatch(/Calibration/i);
    // Live coverage of the intervals the log says were served, per level.
    expect(await page.locator('#kpis').textContent()).toMatch(/Interval coverage\s*\d+\.\d %/);
    expect(await page.locator('#performance-table').textContent()).toMatch(/\d+\.\d % \/ \d+\.\d %/);
    expect(await page.locator('#status').textContent()).toMatch(
      /session-value 20261123T080000Z-0d0d0d0d: features drift/,
    );
    await page.screenshot({ path: join(OUTPUT, 'dashboard-session-value.png'), fullPage: true });

    // The customers tab: P(alive) and CLV of the logged customer rows, median and p10–p90 per hour.
    const before = await page.evaluate<number>('window.monitoringDashboard.loads');
    await page.selectOption('#task', 'customer-value');
    await waitForPage(page, `window.monitoringDashboard.loads > ${before}`);
    expect(await page.locator('#status').textContent()).not.toMatch(/Could not load/);
    expect(await page.locator('#kpis').textContent()).toMatch(/Customers valued\s*600/);
    const customerCanvases = (await page.evaluate<CanvasProbe[]>(CANVAS_PROBE)).filter((c) =>
      c.id.startsWith('customer-'),
    );
    expect(customerCanvases.map((c) => c.id)).toEqual(['customer-alive-chart', 'customer-value-chart']);
    for (const canvas of customerCanvases) {
      expect(canvas.hasChart).toBe(true);
      expect(canvas.paintedShare, `${canvas.id} is blank`).toBeGreaterThan(0.01);
    }
    const series = (id: string) =>
      page.evaluate<{ label: string; data: (number | null)[] }[]>(
        `window.monitoringDashboard.charts['${id}'].data.datasets.map((d) => ({ label: d.label, data: d.data }))`,
      );
    const alive = await series('customer-alive-chart');
    expect(alive.map((d) => d.label)).toEqual(['p90', 'p10', 'median']);
    const [p90, p10, median] = alive.map((d) => d.data);
    expect(median).toHaveLength(24);
    // The first hours valued nobody: gaps, not zeros; afterwards p10 ≤ median ≤ p90 inside [0, 1].
    expect(median.slice(0, 3)).toEqual([null, null, null]);
    for (let b = 5; b < 24; b++) {
      expect(p10[b]).not.toBeNull();
      expect(p10[b]! <= median[b]! && median[b]! <= p90[b]! && p90[b]! <= 1).toBe(true);
    }
    // The CLV doubled in the last 6 hours: the medians show it.
    const value = (await series('customer-value-chart'))[2]!.data;
    expect(value[23]! / value[10]!).toBeGreaterThan(1.5);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-customers.png'), fullPage: true });
    await page.close();
  });

  it('asks for the token when none is stored, and again when the token is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/dashboard`);
    await expect(page.locator('#token-dialog').isVisible()).resolves.toBe(true);
    await page.fill('#token-input', 'wrong-token-of-some-length');
    await page.click('#token-form button[type=submit]');
    await page.locator('#token-error').waitFor({ state: 'visible' });
    expect(await page.locator('#token-error').textContent()).toMatch(/not the configured ADMIN_TOKEN/);
    await page.fill('#token-input', ADMIN_TOKEN);
    await page.click('#token-form button[type=submit]');
    await waitForPage(page, DASHBOARD_READY);
    await page.close();
  });
});
