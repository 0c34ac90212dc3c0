import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_TASK, loadServed } from '../../src/registry/index.ts';
import { findChromium } from '../helpers/findChromium.ts';
import { ADMIN_TOKEN, monitoringApp } from './helpers/monitoringApp.ts';
import { createTempRequestLog, insertRequests } from './helpers/requestLogDb.ts';
import { CONFINED_PARAMS, replayTraffic, SHIFTED_PARAMS, writeTrainedRegistry } from './helpers/scenario.ts';
import { simulatedRows } from './helpers/simulatedTraffic.ts';

const OUTPUT = join(import.meta.dirname, '..', '..', 'test-output');
const LIVE_SEGMENTS = [
  'high-value',
  'other',
  'high-value',
  'churn-risk',
  'high-value',
  'other',
  'high-value',
  null,
] as const;
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
  // The committed default customer model: its stored segments and cohorts feed the segments tab.
  cpSync(join('models', CUSTOMER_TASK), join(modelsDir, CUSTOMER_TASK), { recursive: true });
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
        // Half high-value, a quarter other, an eighth churn-risk, an eighth sent as a summary (not placed).
        segment: LIVE_SEGMENTS[i % 8],
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

  it("shows the segments & cohorts tab with the served model's profiles, the live mix and the cohort heatmap", async () => {
    const served = loadServed(join(log.dir, 'models'), CUSTOMER_TASK)!;
    const { segmentation, cohorts } = served;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${baseUrl}/dashboard#token=${ADMIN_TOKEN}`);
    await waitForPage(page, DASHBOARD_READY, 20_000);
    const loads = await page.evaluate<number>('window.monitoringDashboard.loads');
    await page.click('#tab-segments');
    await waitForPage(
      page,
      `window.monitoringDashboard.loads > ${loads} && window.monitoringDashboard.ready`,
    );
    expect(failures).toEqual([]);
    expect(await page.locator('#status').textContent()).toMatch(
      new RegExp(`Segments of ${segmentation!.customers.toLocaleString('en-GB')} training customers`),
    );
    expect(await page.locator('#models-view').isVisible()).toBe(false);
    expect(await page.locator('#kpis').textContent()).toMatch(/Customers valued\s*600\s*525 placed/);

    // The mix chart: training shares from the bundle, live shares from the logged segments.
    const canvases = await page.evaluate<CanvasProbe[]>(CANVAS_PROBE);
    expect(canvases.map((c) => c.id)).toEqual(['segment-mix-chart']);
    expect(canvases[0]!.paintedShare).toBeGreaterThan(0.01);
    const mix = await page.evaluate<{ labels: string[]; datasets: { data: (number | null)[] }[] }>(
      "(({ labels, datasets }) => ({ labels, datasets: datasets.map((d) => ({ data: d.data })) }))(window.monitoringDashboard.charts['segment-mix-chart'].data)",
    );
    expect(mix.labels).toEqual(['churn-risk', 'high-value', 'missed-opportunity', 'other', 'not placed']);
    const training = segmentation!.profiles.segments.map((p) => 100 * p.share);
    mix.datasets[0]!.data.slice(0, 4).forEach((share, k) => {
      expect(share).toBeCloseTo(training[k]!, 10);
    });
    expect(mix.datasets[1]!.data).toEqual([12.5, 50, 0, 25, 12.5]);

    // Profiles: the numbers of the bundle, as the page formats them.
    const profiles = await page.locator('#segment-profiles').textContent();
    for (const p of segmentation!.profiles.segments) {
      expect(profiles).toContain(p.segment);
      expect(profiles).toContain(p.customers.toLocaleString('en-GB'));
      expect(profiles).toContain(p.meanPAlive!.toFixed(3));
    }
    const clusterRows = await page.locator('#cluster-profiles tbody tr').count();
    expect(clusterRows).toBe(segmentation!.profiles.clusters.length);

    // The heatmap: one row per cohort, month 0 at 100 %, unreached months blank.
    const heatmap = page.locator('#cohort-heatmap table.heatmap');
    expect(await heatmap.locator('tbody tr').count()).toBe(cohorts!.cohorts.length);
    const firstColumn = await heatmap.locator('tbody tr td.cell:nth-child(3)').allTextContents();
    expect(firstColumn.every((text) => text === '100 %')).toBe(true);
    const lastRow = await heatmap.locator('tbody tr').last().locator('td.cell').allTextContents();
    expect(lastRow.filter((text) => text === '')).toHaveLength(
      cohorts!.retention.at(-1)!.filter((v) => v === null).length,
    );
    expect(lastRow.filter((text) => text === '').length).toBeGreaterThan(0);
    const month1 = cohorts!.retention[0]![1]!;
    expect(await heatmap.locator('tbody tr').first().locator('td.cell').nth(1).textContent()).toBe(
      `${Math.round(100 * month1)} %`,
    );
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'dashboard-segments.png'), fullPage: true });

    // Back to the models: the monitoring charts again.
    const back = await page.evaluate<number>('window.monitoringDashboard.loads');
    await page.click('#tab-models');
    await waitForPage(page, `window.monitoringDashboard.loads > ${back} && window.monitoringDashboard.ready`);
    expect((await page.evaluate<CanvasProbe[]>(CANVAS_PROBE)).map((c) => c.id)).toContain('drift-chart');
    expect(readFileSync(join(OUTPUT, 'dashboard-segments.png')).length).toBeGreaterThan(10_000);
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
