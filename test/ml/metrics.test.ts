import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestF1Threshold,
  brierScore,
  calibrationTable,
  confusionMatrix,
  logLoss,
  macroF1,
  mae,
  meanTweedieDeviance,
  multiclassConfusion,
  normalizedGini,
  prAuc,
  prCurve,
  precisionRecallF1,
  r2,
  rmse,
  rmseLog1p,
  rocAuc,
  rocCurve,
  thresholdForPrecision,
} from '../../src/ml/metrics/index.ts';

const f = (...values: number[]) => Float64Array.from(values);

describe('ranking metrics', () => {
  it('rocAuc counts the fraction of correctly ordered positive–negative pairs', () => {
    expect(rocAuc(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8))).toBeCloseTo(0.75, 15);
  });

  it('rocAuc gives a tied positive–negative pair half credit', () => {
    // pairs: (0.5 vs 0.5) = ½, (0.5 vs 0.2) = 1, (0.9 vs both) = 2 → 3.5 / 4
    expect(rocAuc(f(0, 1, 0, 1), f(0.5, 0.5, 0.2, 0.9))).toBeCloseTo(0.875, 15);
    expect(rocAuc(f(0, 1, 0, 1), f(0.3, 0.3, 0.3, 0.3))).toBe(0.5);
  });

  it('rocAuc with a weight of 2 equals duplicating the row', () => {
    const weighted = rocAuc(f(0, 1, 0, 1), f(0.5, 0.4, 0.2, 0.9), f(2, 1, 1, 1));
    const duplicated = rocAuc(f(0, 0, 1, 0, 1), f(0.5, 0.5, 0.4, 0.2, 0.9));
    expect(weighted).toBeCloseTo(duplicated, 15);
  });

  it('rocAuc is NaN for empty input or a single class, and throws on labels other than 0/1', () => {
    expect(rocAuc(f(), f())).toBeNaN();
    expect(rocAuc(f(1, 1), f(0.2, 0.3))).toBeNaN();
    expect(() => rocAuc(f(0, 2), f(0.2, 0.3))).toThrow(/labels 0 or 1/);
    expect(() => rocAuc(f(0, 1), f(0.2))).toThrow(/one prediction per row/);
    expect(() => rocAuc(f(0, 1), f(0.2, Number.NaN))).toThrow(/finite/);
  });

  it('rocAuc equals the brute-force pairwise count with ties as ½, on any labels and coarse scores (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 40 }),
        (rows) => {
          const y = Float64Array.from(rows, ([positive]) => (positive ? 1 : 0));
          const score = Float64Array.from(rows, ([, s]) => s / 5);
          let credit = 0;
          let pairs = 0;
          for (let i = 0; i < rows.length; i++) {
            for (let j = 0; j < rows.length; j++) {
              if (y[i] !== 1 || y[j] !== 0) continue;
              pairs++;
              credit += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
            }
          }
          const auc = rocAuc(y, score);
          return pairs === 0 ? Number.isNaN(auc) : Math.abs(auc - credit / pairs) < 1e-12;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rocCurve starts at (0, 0) with an infinite threshold and ends at (1, 1)', () => {
    const { fpr, tpr, thresholds } = rocCurve(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8));
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(thresholds)).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1]);
  });

  it('prAuc is average precision: recall steps times precision, ties as one step', () => {
    // 0.8 → P 1, R ½; 0.4 → R unchanged; 0.35 → P ⅔, R 1  ⇒ ½·1 + ½·⅔
    expect(prAuc(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8))).toBeCloseTo(0.5 + 1 / 3, 15);
    // tie at 0.5 holds one positive and one negative: P ½ at R ½, then P ⅔ at R 1
    expect(prAuc(f(1, 0, 1), f(0.5, 0.5, 0.1))).toBeCloseTo(0.25 + 1 / 3, 15);
    expect(prAuc(f(0, 0), f(0.5, 0.1))).toBeNaN();
  });

  it('prCurve lists precision and recall at each distinct score, highest first', () => {
    const { precision, recall, thresholds } = prCurve(f(1, 0, 1), f(0.5, 0.5, 0.1));
    expect(Array.from(thresholds)).toEqual([0.5, 0.1]);
    expect(Array.from(precision)).toEqual([0.5, 2 / 3]);
    expect(Array.from(recall)).toEqual([0.5, 1]);
  });
});

describe('probability metrics', () => {
  it('logLoss is the mean cross-entropy and clips certain mistakes to a finite cost', () => {
    expect(logLoss(f(1, 0), f(0.9, 0.2))).toBeCloseTo((-Math.log(0.9) - Math.log(0.8)) / 2, 15);
    expect(logLoss(f(1), f(0))).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss(f(), f())).toBeNaN();
    expect(() => logLoss(f(1), f(1.5))).toThrow(/probabilities in \[0, 1\]/);
  });

  it('brierScore is the mean squared error of the probability', () => {
    expect(brierScore(f(1, 0), f(0.9, 0.2))).toBeCloseTo(0.025, 15);
    expect(brierScore(f(1, 0), f(0.9, 0.2), f(3, 1))).toBeCloseTo((3 * 0.01 + 0.04) / 4, 15);
  });

  it('calibrationTable reports mean predicted, observed rate and count per bin, keeping empty bins', () => {
    const table = calibrationTable(f(0, 1, 1, 0, 1), f(0.05, 0.15, 0.95, 0.85, 1), 10);
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ lower: 0, upper: 0.1, meanPredicted: 0.05, observedRate: 0, count: 1 });
    expect(table[1]).toMatchObject({ meanPredicted: 0.15, observedRate: 1, count: 1 });
    expect(table[9].count).toBe(2);
    expect(table[9].meanPredicted).toBeCloseTo(0.975, 15);
    expect(table[9].observedRate).toBe(1);
    expect(table[4].count).toBe(0);
    expect(table[4].observedRate).toBeNaN();
  });

  it('calibrationTable with quantile bins puts about equally many rows in each bin', () => {
    const proba = Float64Array.from({ length: 100 }, (_, i) => (i / 100) ** 3);
    const y = proba.map((p, i) => (i % 10 === 0 ? 1 : p > 0.5 ? 1 : 0));
    const table = calibrationTable(y, proba, 4, undefined, 'quantile');
    expect(table.map((bin) => bin.count)).toEqual([25, 25, 25, 25]);
    expect(table[0].lower).toBe(0);
    expect(table[1].lower).toBe(table[0].upper);
    expect(table[0].upper).toBe(proba[25]);
    expect(table[3].upper).toBe(1);
    expect(() => calibrationTable(y, proba, 4, undefined, 'deciles' as 'quantile')).toThrow(/strategy/);
  });
});

describe('threshold metrics', () => {
  const y = f(1, 1, 0, 1, 0);
  const p = f(0.9, 0.8, 0.7, 0.3, 0.2);

  it('confusionMatrix and precisionRecallF1 count "positive when proba >= threshold"', () => {
    expect(confusionMatrix(y, p, 0.7)).toEqual({
      truePositive: 2,
      falsePositive: 1,
      trueNegative: 1,
      falseNegative: 1,
    });
    const point = precisionRecallF1(y, p, 0.7);
    expect(point.precision).toBeCloseTo(2 / 3, 15);
    expect(point.recall).toBeCloseTo(2 / 3, 15);
    expect(point.f1).toBeCloseTo(2 / 3, 15);
    expect(precisionRecallF1(y, p, 0.95)).toEqual({ threshold: 0.95, precision: 0, recall: 0, f1: 0 });
  });

  it('bestF1Threshold finds the threshold with the highest F1 among the distinct scores', () => {
    // thresholds 0.9, 0.8, 0.7, 0.3, 0.2 give F1 ½, 0.8, ⅔, 6/7, ¾
    const best = bestF1Threshold(y, p);
    expect(best?.threshold).toBe(0.3);
    expect(best?.f1).toBeCloseTo(6 / 7, 15);
    expect(bestF1Threshold(f(0, 0), f(0.1, 0.2))).toBeNull();
  });

  it('thresholdForPrecision picks the lowest threshold reaching the target precision', () => {
    const point = thresholdForPrecision(y, p, 0.8);
    expect(point?.threshold).toBe(0.8);
    expect(point?.recall).toBeCloseTo(2 / 3, 15);
    expect(thresholdForPrecision(y, p, 0.75)?.threshold).toBe(0.3);
    expect(thresholdForPrecision(f(0, 1), f(0.9, 0.1), 0.9)).toBeNull();
    expect(() => thresholdForPrecision(y, p, 1.5)).toThrow(/targetPrecision/);
  });
});

describe('regression metrics', () => {
  it('rmse, mae and r2 match hand-computed values', () => {
    expect(rmse(f(1, 2), f(1, 4))).toBeCloseTo(Math.SQRT2, 15);
    expect(mae(f(1, 2), f(1, 4))).toBe(1);
    expect(r2(f(1, 2, 3), f(1, 2, 4))).toBeCloseTo(0.5, 15);
    expect(r2(f(2, 2), f(1, 3))).toBeNaN();
    expect(rmse(f(), f())).toBeNaN();
  });

  it('meanTweedieDeviance follows the unit deviance formula and its p = 0, 1, 2 limits', () => {
    const y = f(0, 1, 3.5);
    const mu = f(0.5, 2, 3);
    const formula = (power: number) =>
      [0, 1, 2].reduce((sum, i) => {
        const a = Math.max(y[i], 0) ** (2 - power) / ((1 - power) * (2 - power));
        const b = (y[i] * mu[i] ** (1 - power)) / (1 - power);
        const c = mu[i] ** (2 - power) / (2 - power);
        return sum + 2 * (a - b + c);
      }, 0) / 3;
    expect(meanTweedieDeviance(y, mu, 1.5)).toBeCloseTo(formula(1.5), 12);
    expect(meanTweedieDeviance(y, mu, 1.2)).toBeCloseTo(formula(1.2), 12);
    expect(meanTweedieDeviance(y, mu, 0)).toBeCloseTo((0.25 + 1 + 0.25) / 3, 15);
    const poisson =
      (2 * (0 + 0.5) + 2 * (Math.log(1 / 2) - 1 + 2) + 2 * (3.5 * Math.log(3.5 / 3) - 3.5 + 3)) / 3;
    expect(meanTweedieDeviance(y, mu, 1)).toBeCloseTo(poisson, 12);
    expect(meanTweedieDeviance(y, mu, 1.0001)).toBeCloseTo(poisson, 3);
    const gamma = (2 * (Math.log(2) + 0.5 - 1) + 2 * (Math.log(3 / 3.5) + 3.5 / 3 - 1)) / 2;
    expect(meanTweedieDeviance(f(1, 3.5), f(2, 3), 2)).toBeCloseTo(gamma, 12);
    expect(() => meanTweedieDeviance(y, f(0, 1, 1), 1.5)).toThrow(/predictions > 0/);
    expect(() => meanTweedieDeviance(y, mu, 0.5)).toThrow(/not supported/);
  });

  it('normalizedGini matches a hand-computed Lorenz area and equals 2·AUC − 1 for 0/1 targets', () => {
    // order by prediction: y = 1, 2, 0 → cumulative shares ⅓, 1, 1 → Gini 1/9; perfect Gini 2/9
    expect(normalizedGini(f(0, 1, 2), f(1, 3, 2))).toBeCloseTo(0.5, 15);
    expect(normalizedGini(f(0, 1, 2), f(3, 2, 1))).toBeCloseTo(-1, 15);
    const y = f(0, 1, 0, 1, 1, 0, 0);
    const score = f(0.1, 0.7, 0.7, 0.3, 0.9, 0.2, 0.3);
    expect(normalizedGini(y, score)).toBeCloseTo(2 * rocAuc(y, score) - 1, 14);
    expect(normalizedGini(f(1, 1), f(0.2, 0.3))).toBeNaN();
  });

  it('normalizedGini ignores row order and any increasing transform of the predictions (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: -3, max: 3 })), {
          minLength: 3,
          maxLength: 30,
        }),
        (rows) => {
          const y = Float64Array.from(rows, ([target]) => target);
          const prediction = Float64Array.from(rows, ([, p]) => p);
          const gini = normalizedGini(y, prediction);
          const reversedRows = [...rows].reverse();
          const shuffled = normalizedGini(
            Float64Array.from(reversedRows, ([target]) => target),
            Float64Array.from(reversedRows, ([, p]) => p),
          );
          const transformed = normalizedGini(
            y,
            prediction.map((p) => Math.exp(p) + 7),
          );
          if (Number.isNaN(gini)) return Number.isNaN(shuffled) && Number.isNaN(transformed);
          return Math.abs(gini - shuffled) < 1e-12 && Math.abs(gini - transformed) < 1e-12;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rmseLog1p is the RMSE of log1p values', () => {
    expect(rmseLog1p(f(0, 9), f(0, 4))).toBeCloseTo(Math.sqrt((Math.log(10) - Math.log(5)) ** 2 / 2), 15);
    expect(() => rmseLog1p(f(-2), f(0))).toThrow(/> -1/);
  });
});

describe('multi-class metrics', () => {
  it('count the confusion matrix and average per-class F1 like scikit-learn', () => {
    const yTrue = Int32Array.of(0, 1, 2, 2);
    const yPred = Int32Array.of(0, 2, 2, 2);
    expect(Array.from(multiclassConfusion(yTrue, yPred, 3))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 2]);
    // sklearn.metrics.f1_score([0,1,2,2], [0,2,2,2], average='macro') = 0.6
    expect(macroF1(yTrue, yPred, 3)).toBeCloseTo(0.6, 12);
    expect(() => multiclassConfusion(Int32Array.of(3), Int32Array.of(0), 3)).toThrow(/labels must be 0…2/);
  });
});
