import { type SimulatorParamsOverride, simulateSessions } from '../data/simulator/index.ts';
import { type PageRecord, sessionBodyFromPages } from '../session/index.ts';

export interface ReplayOptions {
  /** Base URL of a running service, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  sessions: number;
  seed: number;
  /** Simulator knobs to shift, to watch drift appear on the dashboard. */
  params?: SimulatorParamsOverride;
  /** Requests in flight at once. */
  concurrency?: number;
  onSession?: (done: number, total: number) => void;
  /** The service's FEEDBACK_TOKEN, sent with the outcomes (POST /feedback). */
  feedbackToken?: string;
}

export interface ReplaySummary {
  sessions: number;
  predictions: number;
  feedback: number;
  /** Responses that were not 2xx, by status. */
  failures: Record<string, number>;
}

/** Sum of purchases on every page, so the remaining revenue after page t is a suffix sum. */
function pageRevenueYuan(page: PageRecord): number {
  let revenue = 0;
  for (let i = 0; i < page.itemCount; i++) revenue += page.purchaseYuan[i];
  return revenue;
}

/**
 * Play simulated sessions against a running service as a shop backend would: every page of every
 * session is scored by `/churn` and `/session-value` as it is seen, and once the session is over
 * its true outcomes go to `/feedback`. The demo uses it so the dashboard has traffic to show.
 *
 * @example
 * const summary = await replaySimulatedTraffic({ baseUrl: 'http://127.0.0.1:8080', sessions: 200, seed: 7 });
 */
export async function replaySimulatedTraffic(options: ReplayOptions): Promise<ReplaySummary> {
  const { baseUrl, sessions, seed, concurrency = 8, feedbackToken } = options;
  const summary: ReplaySummary = { sessions: 0, predictions: 0, feedback: 0, failures: {} };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(path === '/feedback' && feedbackToken ? { authorization: `Bearer ${feedbackToken}` } : {}),
      },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (!response.ok) summary.failures[response.status] = (summary.failures[response.status] ?? 0) + 1;
  };

  const replaySession = async (sessionId: string, pages: PageRecord[]) => {
    for (let t = 0; t < pages.length; t++) {
      const body = sessionBodyFromPages(sessionId, pages.slice(0, t + 1));
      await Promise.all([post('/churn', body), post('/session-value', body)]);
      summary.predictions += 2;
    }
    let remainingYuan = 0;
    for (let t = pages.length - 1; t >= 0; t--) {
      await post('/feedback', {
        sessionId,
        pageCount: t + 1,
        churned: pages[t].terminal === 1,
        realisedRevenueYuan: Math.round(remainingYuan * 100) / 100,
      });
      summary.feedback++;
      remainingYuan += pageRevenueYuan(pages[t]);
    }
    summary.sessions++;
    options.onSession?.(summary.sessions, sessions);
  };

  const inFlight = new Set<Promise<void>>();
  const launch = async (sessionId: string, pages: PageRecord[]) => {
    const task = replaySession(sessionId, pages).finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  let current: PageRecord[] = [];
  let currentIndex = -1;
  for (const { record, sessionIndex } of simulateSessions({ sessions, seed, params: options.params })) {
    if (sessionIndex !== currentIndex && current.length > 0) {
      await launch(`demo-${seed}-${currentIndex}`, current);
      current = [];
    }
    currentIndex = sessionIndex;
    current.push(record);
  }
  if (current.length > 0) await launch(`demo-${seed}-${currentIndex}`, current);
  await Promise.all(inFlight);
  return summary;
}
