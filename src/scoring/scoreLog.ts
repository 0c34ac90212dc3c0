import { type ParseSummary, parseLogFile } from '../data/parse/index.ts';
import { SessionRebuilder } from '../data/sessions/index.ts';
import { SessionFeaturizer } from '../dataset/index.ts';
import { conformalInterval } from '../ml/conformal.ts';
import { loadServed, type ServedSessionModel } from '../registry/index.ts';
import type { PageRecord } from '../session/index.ts';
import { scoreWriterFor } from './scoreWriters.ts';

export interface ScoreLogOptions {
  input: string;
  out: string;
  modelsDir: string;
  /** Interval level of the value answers (as `?level=` of the API). */
  level: number;
  onProgress?: (bytes: number, pages: number) => void;
}

export interface ScoreLogReport {
  pages: number;
  sessions: number;
  parse: ParseSummary;
  churnModelVersion: string;
  valueModelVersion: string;
  seconds: number;
}

function requireModel(model: ServedSessionModel | null, task: string, modelsDir: string): ServedSessionModel {
  if (model === null) {
    throw new Error(
      `No production ${task} model in ${modelsDir}; train one (npm run train) or point --models at a registry.`,
    );
  }
  return model;
}

/**
 * Score every page of a behaviour log with both production models, streaming: the log is parsed in
 * chunks, sessions are rebuilt, every page gets the feature vector the API would compute for the
 * session up to that page (the same feature function) and the same model calls — the churn
 * probability, the expected remaining revenue (floored at 0) and its conformal interval — written
 * row by row (CSV or Arrow by extension). Bad lines are counted by reason, as in data:prepare.
 *
 * @example
 * const report = await scoreLog({ input: 'data/raw/log.txt', out: 'scores.csv', modelsDir: 'models', level: 0.8 });
 */
export async function scoreLog(options: ScoreLogOptions): Promise<ScoreLogReport> {
  const started = performance.now();
  const churn = requireModel(loadServed(options.modelsDir, 'churn'), 'churn', options.modelsDir);
  const value = requireModel(
    loadServed(options.modelsDir, 'session-value'),
    'session-value',
    options.modelsDir,
  );
  const writer = scoreWriterFor(options.out, {
    churn: churn.version,
    value: value.version,
    level: options.level,
  });
  const featurizer = new SessionFeaturizer();
  let pages = 0;
  let sessions = 0;
  let pending: Promise<void>[] = [];
  const onSession = (sessionPages: readonly PageRecord[], count: number) => {
    const sessionIndex = sessions++;
    for (let t = 0; t < count; t++) {
      const features = featurizer.featurize(sessionPages, t);
      const raw = value.predictor.predictRow(features);
      const interval = value.interval
        ? conformalInterval(value.interval, raw, options.level)
        : { low: Number.NaN, high: Number.NaN };
      const waiting = writer.append({
        lineNumber: sessionPages[t].lineNumber,
        sessionIndex,
        pageId: sessionPages[t].pageId,
        churnProbability: churn.predictor.predictRow(features),
        expectedRemainingRevenueYuan: Math.max(0, raw),
        intervalLow: interval.low,
        intervalHigh: interval.high,
      });
      if (waiting) pending.push(waiting);
      pages++;
    }
  };
  const rebuilder = new SessionRebuilder(onSession);
  let parse: ParseSummary;
  try {
    parse = await parseLogFile(options.input, (page) => rebuilder.push(page), {
      onProgress: (progress) => options.onProgress?.(progress.bytes, pages),
      afterChunk: async () => {
        const waiting = pending;
        pending = [];
        await Promise.all(waiting);
      },
    });
    rebuilder.endInput();
    await Promise.all(pending);
  } finally {
    await writer.close();
  }
  return {
    pages,
    sessions,
    parse,
    churnModelVersion: churn.version,
    valueModelVersion: value.version,
    seconds: (performance.now() - started) / 1000,
  };
}
