import { checkPredictColumns } from './checkInput.ts';
import type { Predictor } from './estimator.ts';
import type { Matrix } from './matrix.ts';

/**
 * Predict every row of `X` through a serving predictor, so batch predictions and the API's
 * single-row predictions come from the same code, bit for bit.
 */
export function predictMatrix(model: string, predictor: Predictor, X: Matrix): Float64Array {
  checkPredictColumns(model, predictor.featureNames, X);
  const out = new Float64Array(X.nRows);
  const row = new Float64Array(X.nCols);
  for (let i = 0; i < X.nRows; i++) out[i] = predictor.predictRow(X.row(i, row));
  return out;
}

/** Fail clearly when a model is used before `fit`. */
export function requireFitted<T>(model: string, value: T | null): T {
  if (value === null) throw new Error(`${model} is not fitted yet; call fit(X, y) first.`);
  return value;
}
