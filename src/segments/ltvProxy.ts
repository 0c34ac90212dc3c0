import {
  bucketOf,
  buildTargets,
  CUSTOMER_FEATURE_NAMES,
  type CustomerSummary,
  customerTimelines,
  summarizeCustomers,
} from '../customers/index.ts';
import { GradientBoostingClassifier, RandomForestClassifier } from '../ml/index.ts';
import { Matrix } from '../ml/matrix.ts';
import { multiclassConfusion, perClassF1 } from '../ml/metrics/index.ts';
import type { TransactionLog } from '../transactions/index.ts';
import { formatDay } from '../transactions/index.ts';

export interface LtvProxyOptions {
  /** Days of spend a bucket covers, and the gap between the two cut-offs. Default 182 (six months). */
  horizonDays: number;
  /** Quantiles of the training window's positive spend that split buyers into buckets. */
  quantiles: number[];
  seed: number;
}

/** One model's result on the test customers. */
export interface LtvProxyScore {
  model: string;
  macroF1: number;
  accuracy: number;
  /** actual × predicted counts, row-major. */
  confusion: number[];
  perClass: { precision: number; recall: number; f1: number; support: number }[];
}

export interface LtvProxyResult {
  trainCutOff: string;
  testCutOff: string;
  horizonDays: number;
  /** Bucket upper bounds in money: [0, q1, q2] → "0", "(0, q1]", "(q1, q2]", "> q2". */
  edges: number[];
  labels: string[];
  trainCustomers: number;
  testCustomers: number;
  /** Share of test customers per bucket. */
  testShares: number[];
  scores: LtvProxyScore[];
}

/**
 * The six-month spend bucket as an early LTV proxy, chronological: features at a training cut-off
 * predict the bucket of the following six months; a model fitted there is judged at a later
 * cut-off whose six months end with the data. Buckets: no spend, then quantiles of the training
 * window's positive spend. A random forest and gradient boosting (one-vs-rest, our binary
 * classifiers) against the naive guess "the same bucket as the last 180 days".
 *
 * @example
 * const result = ltvProxy(log, lastDay, { horizonDays: 182, quantiles: [1 / 3, 2 / 3], seed: 1 });
 */
export function ltvProxy(log: TransactionLog, lastDay: number, options: LtvProxyOptions): LtvProxyResult {
  const { horizonDays, quantiles, seed } = options;
  const testCut = lastDay - horizonDays;
  const trainCut = testCut - horizonDays;
  const timelines = customerTimelines(log);
  const train = summarizeCustomers(log, { calibrationEnd: trainCut, timelines });
  const test = summarizeCustomers(log, { calibrationEnd: testCut, timelines });
  if (train.x.length < 50) {
    throw new Error(
      `only ${train.x.length} customers bought before ${formatDay(trainCut)}; the LTV proxy needs two ${horizonDays}-day windows after a training history (more data, or a shorter horizon).`,
    );
  }
  const window = { horizonDays, bucketHorizonDays: horizonDays, bucketEdges: [0] };
  const trainSpend = buildTargets(train, timelines, lastDay, window).bucketSpend;
  const edges = [0, ...spendQuantiles(trainSpend, quantiles)];
  const config = { ...window, bucketEdges: edges };
  const trainTargets = buildTargets(train, timelines, lastDay, config);
  const testTargets = buildTargets(test, timelines, lastDay, config);
  const k = edges.length + 1;
  const XTrain = featureMatrix(train);
  const XTest = featureMatrix(test);
  const yTest = testTargets.bucket;
  const models = [
    {
      model: 'random forest',
      make: () =>
        new RandomForestClassifier({ nEstimators: 60, minSamplesLeaf: 5, maxFeatures: 'sqrt', seed }),
    },
    {
      model: 'gradient boosting',
      make: () =>
        new GradientBoostingClassifier({
          nEstimators: 150,
          learningRate: 0.05,
          maxLeaves: 15,
          earlyStoppingRounds: null,
          seed,
        }),
    },
  ];
  const prior = Array.from(
    { length: k },
    (_, c) => Math.max(1, trainTargets.bucket.filter((b) => b === c).length) / trainTargets.bucket.length,
  );
  const scores = models.map(({ model, make }) => {
    // One-vs-rest: one binary model per bucket; the most probable bucket wins.
    const proba = Array.from({ length: k }, (_, c) =>
      make()
        .fit(
          XTrain,
          Float64Array.from(trainTargets.bucket, (b) => (b === c ? 1 : 0)),
        )
        .predictProba(XTest),
    );
    // Macro-F1 weighs every bucket alike: divide by the training share of each bucket before the
    // argmax, or the large "no spend" bucket swallows the rest.
    const predicted = Int32Array.from(yTest, (_, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (proba[c][i] / prior[c] > proba[best][i] / prior[best]) best = c;
      return best;
    });
    return score(model, yTest, predicted, k);
  });
  // The naive guess: the bucket of the spend in the 180 days before the cut-off.
  const recent = test.features.spend180d;
  const naive = Int32Array.from(recent, (spend) => bucketOf(spend, edges));
  scores.push(score('same bucket as the last 180 days', yTest, naive, k));
  const testShares = Array.from({ length: k }, (_, c) => yTest.filter((b) => b === c).length / yTest.length);
  return {
    trainCutOff: formatDay(trainCut),
    testCutOff: formatDay(testCut),
    horizonDays,
    edges,
    labels: testTargets.bucketLabels,
    trainCustomers: train.x.length,
    testCustomers: test.x.length,
    testShares,
    scores,
  };
}

function featureMatrix(summary: CustomerSummary): Matrix {
  return Matrix.fromColumns(
    [...CUSTOMER_FEATURE_NAMES],
    CUSTOMER_FEATURE_NAMES.map((name) => summary.features[name]),
  );
}

/** Quantiles of the positive values, rounded to cents, strictly increasing. */
function spendQuantiles(spend: Float64Array, quantiles: number[]): number[] {
  const positive = spend.filter((v) => v > 0).sort();
  if (positive.length === 0)
    throw new Error('no customer spent anything in the training window; no buckets to learn.');
  const cuts: number[] = [];
  for (const q of quantiles) {
    const value =
      Math.round(positive[Math.min(positive.length - 1, Math.floor(q * positive.length))] * 100) / 100;
    if (value > (cuts.at(-1) ?? 0)) cuts.push(value);
  }
  return cuts;
}

function score(model: string, yTrue: Int32Array, yPred: Int32Array, k: number): LtvProxyScore {
  const confusion = multiclassConfusion(yTrue, yPred, k);
  const { classes, macroF1 } = perClassF1(confusion, k);
  let hits = 0;
  for (let c = 0; c < k; c++) hits += confusion[c * k + c];
  return {
    model,
    macroF1,
    accuracy: hits / yTrue.length,
    confusion: Array.from(confusion),
    perClass: classes,
  };
}
