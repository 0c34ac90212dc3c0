import type { Regressor } from '../estimator.ts';
import type { Matrix } from '../matrix.ts';
import { groupKFold } from './groupKFold.ts';
import { expandGrid, type ParamGrid } from './parameterGrid.ts';

/** A metric as the metrics module defines them: `(yTrue, yPred, sampleWeight?) => number`. */
export type ScoreFunction = (yTrue: Float64Array, yPred: Float64Array, sampleWeight?: Float64Array) => number;

export interface GridSearchOptions<P extends Record<string, unknown>> {
  /** Build a fresh, unfitted estimator from one combination of the grid. */
  makeEstimator: (params: P) => Regressor;
  grid: ParamGrid<P>;
  X: Matrix;
  y: Float64Array;
  sampleWeight?: Float64Array;
  /** Group-k-fold cross-validation by these ids (e.g. session) … */
  groups?: ArrayLike<number>;
  nFolds?: number;
  /** … or one held-out validation set (fit on X, score on this). Give exactly one of the two. */
  validation?: { X: Matrix; y: Float64Array; sampleWeight?: Float64Array };
  metric: ScoreFunction;
  greaterIsBetter: boolean;
  /** Score probabilities (`predictProba`, the default when the estimator has it) or `predict`. */
  response?: 'auto' | 'proba' | 'predict';
  onProgress?: (done: number, total: number) => void;
}

export interface GridSearchResult<P> {
  params: P;
  /** One score per fold (or one for the validation set). */
  scores: number[];
  meanScore: number;
  stdScore: number;
}

function predictFor(model: Regressor, X: Matrix, response: 'auto' | 'proba' | 'predict'): Float64Array {
  const proba = (model as { predictProba?: (X: Matrix) => Float64Array }).predictProba;
  if (response === 'proba' && !proba)
    throw new Error('gridSearch: response "proba" needs an estimator with predictProba.');
  return response !== 'predict' && proba ? proba.call(model, X) : model.predict(X);
}

function take(values: Float64Array | undefined, indices: Int32Array): Float64Array | undefined {
  return values && Float64Array.from(indices, (i) => values[i]);
}

/**
 * Exhaustive search over a parameter grid: every combination is fitted and scored, by group-k-fold
 * cross-validation or on one validation set. The best mean score wins (ties: the earlier
 * combination). A NaN score (e.g. AUC on a one-class fold) makes that combination's mean NaN, and
 * a NaN mean never wins. The caller refits the best parameters on all the data it chooses.
 *
 * @example
 * const search = gridSearch({
 *   makeEstimator: (p) => new LogisticRegression(p), grid: { C: [0.1, 1, 10] },
 *   X, y, groups: sessionId, nFolds: 5, metric: rocAuc, greaterIsBetter: true,
 * });
 * search.bestParams; // { C: 1 }
 */
export function gridSearch<P extends Record<string, unknown>>(options: GridSearchOptions<P>) {
  const {
    makeEstimator,
    grid,
    X,
    y,
    sampleWeight,
    groups,
    nFolds = 5,
    validation,
    metric,
    greaterIsBetter,
  } = options;
  const response = options.response ?? 'auto';
  if ((groups === undefined) === (validation === undefined)) {
    throw new Error(
      'gridSearch: give exactly one of `groups` (group k-fold) or `validation` (a held-out set).',
    );
  }
  if (y.length !== X.nRows) throw new Error(`gridSearch: y has ${y.length} values for ${X.nRows} rows of X.`);
  const candidates = expandGrid(grid);
  const folds = groups ? groupKFold(groups, nFolds) : null;
  const total = candidates.length * (folds ? folds.length : 1);
  let done = 0;
  const results: GridSearchResult<P>[] = candidates.map((params) => {
    const scores: number[] = [];
    if (folds) {
      for (const fold of folds) {
        const model = makeEstimator(params).fit(X.takeRows(fold.trainIndices), take(y, fold.trainIndices)!, {
          sampleWeight: take(sampleWeight, fold.trainIndices),
        });
        const yPred = predictFor(model, X.takeRows(fold.validationIndices), response);
        scores.push(
          metric(take(y, fold.validationIndices)!, yPred, take(sampleWeight, fold.validationIndices)),
        );
        options.onProgress?.(++done, total);
      }
    } else if (validation) {
      const model = makeEstimator(params).fit(X, y, { sampleWeight });
      scores.push(metric(validation.y, predictFor(model, validation.X, response), validation.sampleWeight));
      options.onProgress?.(++done, total);
    }
    const meanScore = scores.reduce((a, b) => a + b, 0) / scores.length;
    const stdScore = Math.sqrt(scores.reduce((a, s) => a + (s - meanScore) ** 2, 0) / scores.length);
    return { params, scores, meanScore, stdScore };
  });
  let bestIndex = -1;
  results.forEach((result, k) => {
    if (Number.isNaN(result.meanScore)) return;
    const best = bestIndex < 0 ? null : results[bestIndex].meanScore;
    if (best === null || (greaterIsBetter ? result.meanScore > best : result.meanScore < best)) bestIndex = k;
  });
  if (bestIndex < 0)
    throw new Error(
      'gridSearch: every combination scored NaN; check the metric and the folds (e.g. one class only).',
    );
  return {
    bestParams: results[bestIndex].params,
    bestScore: results[bestIndex].meanScore,
    bestIndex,
    results,
  };
}
