import type { SessionBody } from '../src/api/schemas/session.ts';
import { simulateSessions } from '../src/data/simulator/index.ts';
import { type PageRecord, sessionBodyFromPages } from '../src/session/index.ts';

/**
 * The benchmark's request body: the first session of the simulator (seeded, so every run posts the
 * same bytes) that reaches `pageCount` pages, observed up to that page — real-data shapes (padding
 * dropped, ~43 items a page, log-normal prices) without a second generator of our own.
 */
export function benchSessionBody(seed = 7, pageCount = 3): SessionBody {
  let pages: PageRecord[] = [];
  let current = -1;
  for (const { record, sessionIndex } of simulateSessions({ sessions: 10_000, seed })) {
    if (sessionIndex !== current) {
      pages = [];
      current = sessionIndex;
    }
    pages.push(record);
    if (pages.length === pageCount) return sessionBodyFromPages(`bench-${seed}`, pages);
  }
  throw new Error(`benchSessionBody: no simulated session of seed ${seed} reached ${pageCount} pages.`);
}

/** "3 pages × 43.3 items": what the body holds, for the results header. */
export function describeBody(body: SessionBody): string {
  const items = body.pages.reduce((total, page) => total + page.items.length, 0);
  return `${body.pages.length} pages × ${(items / body.pages.length).toFixed(1)} items (simulated session)`;
}
