/**
 * Benchmark of the feature function: `sessionFeatures` on every prefix of simulated sessions (as
 * training calls it), against a baseline measured in the same run: one bare pass over the real items
 * of the same prefixes (summing clicks), the least any feature function must do.
 *
 *   npx tsx bench/features.ts [--sessions N]
 */
import { parseArgs } from 'node:util';
import { simulateSessions } from '../src/data/simulator/index.ts';
import { FEATURE_COUNT, sessionFeatures } from '../src/features/index.ts';
import type { PageItems } from '../src/session/index.ts';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '20000' } } });
const sessions = Number(values.sessions);
const profileOf: { ageLevel: number; gender: number; purchasePower: number }[] = [];
const hourOf: number[] = [];
const pagesOf: PageItems[][] = [];
for (const { record, sessionIndex } of simulateSessions({ sessions, seed: 1 })) {
  if (pagesOf.length === sessionIndex) {
    pagesOf.push([]);
    profileOf.push(record.profile);
    hourOf.push(record.hour);
  }
  pagesOf[sessionIndex].push(record);
}
const prefixes = pagesOf.reduce((n, pages) => n + pages.length, 0);

function baseline(): number {
  let clicks = 0;
  for (const pages of pagesOf) {
    for (let t = 0; t < pages.length; t++) {
      for (let p = 0; p <= t; p++) {
        const page = pages[p];
        for (let i = 0; i < page.itemCount; i++) clicks += page.click[i];
      }
    }
  }
  return clicks;
}

function features(): number {
  const out = new Float64Array(FEATURE_COUNT);
  let checksum = 0;
  for (let s = 0; s < pagesOf.length; s++) {
    const pages = pagesOf[s];
    for (let t = 0; t < pages.length; t++) {
      sessionFeatures({ profile: profileOf[s], hour: hourOf[s], pages: pages.slice(0, t + 1) }, out);
      checksum += out[0];
    }
  }
  return checksum;
}

function timeMs(run: () => number): number {
  run(); // warm-up: compile the hot paths before timing
  const started = performance.now();
  run();
  return performance.now() - started;
}

const baselineMs = timeMs(baseline);
const featuresMs = timeMs(features);
console.log(`sessions ${sessions}, prefixes (feature calls) ${prefixes}, features ${FEATURE_COUNT}`);
console.log(
  `baseline (bare pass over the same items): ${baselineMs.toFixed(0)} ms, ${((prefixes / baselineMs) * 1000).toFixed(0)} prefixes/s`,
);
console.log(
  `sessionFeatures:                         ${featuresMs.toFixed(0)} ms, ${((prefixes / featuresMs) * 1000).toFixed(0)} calls/s`,
);
console.log(
  `ratio sessionFeatures / baseline: ${(featuresMs / baselineMs).toFixed(2)}×; 1e6 calls ≈ ${((featuresMs / prefixes) * 1e3).toFixed(1)} s`,
);
