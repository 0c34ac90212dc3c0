import type { Matrix } from './matrix.ts';

/** What the target must look like: 0/1 labels, any finite number, or finite and non-negative. */
export type TargetKind = 'binary' | 'real' | 'nonNegative';

/**
 * Validate a training set before any work and return the sample weights (all 1 when absent).
 * Every failure names the model, what is wrong, where, and how to fix it.
 *
 * @example
 * const weight = checkTrainingData('DecisionTreeClassifier', X, y, 'binary', options.sampleWeight);
 */
export function checkTrainingData(
  model: string,
  X: Matrix,
  y: Float64Array,
  target: TargetKind,
  sampleWeight?: Float64Array,
): Float64Array {
  if (X.nRows === 0 || X.nCols === 0) {
    throw new Error(`${model}.fit: X has ${X.nRows} rows and ${X.nCols} columns; give at least one of each.`);
  }
  if (y.length !== X.nRows) {
    throw new Error(
      `${model}.fit: y has ${y.length} values for ${X.nRows} rows of X; give one target per row.`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!Number.isFinite(v))
      throw new Error(`${model}.fit: y[${i}] is ${v}; targets must be finite numbers.`);
    if (target === 'binary' && v !== 0 && v !== 1) {
      throw new Error(`${model}.fit: y[${i}] is ${v}; binary classification needs labels 0 or 1.`);
    }
    if (target === 'nonNegative' && v < 0) {
      throw new Error(`${model}.fit: y[${i}] is ${v}; this loss needs non-negative targets (e.g. revenue).`);
    }
  }
  for (let f = 0; f < X.nCols; f++) {
    const column = X.columns[f];
    if (allFinite(column)) continue;
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        throw new Error(
          `${model}.fit: X column "${X.featureNames[f]}" row ${i} is ${v}; use finite numbers, or NaN for missing.`,
        );
      }
    }
  }
  if (sampleWeight === undefined) return new Float64Array(X.nRows).fill(1);
  if (sampleWeight.length !== X.nRows) {
    throw new Error(`${model}.fit: sampleWeight has ${sampleWeight.length} values for ${X.nRows} rows.`);
  }
  let total = 0;
  for (let i = 0; i < sampleWeight.length; i++) {
    const w = sampleWeight[i];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new Error(`${model}.fit: sampleWeight[${i}] is ${w}; weights must be finite and >= 0.`);
    }
    total += w;
  }
  if (total <= 0) throw new Error(`${model}.fit: all sample weights are zero; nothing to learn from.`);
  return sampleWeight;
}

/**
 * Whether every value is finite, in one multiply-add per value (v·0 is NaN exactly when v is NaN or
 * ±∞), four partial sums deep so the adds overlap; the exact scans run only for columns that fail.
 */
export function allFinite(column: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = column.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += column[i] * 0;
    s1 += column[i + 1] * 0;
    s2 += column[i + 2] * 0;
    s3 += column[i + 3] * 0;
  }
  for (; i < n; i++) s0 += column[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/** Reject a prediction matrix whose columns differ from the training columns. */
export function checkPredictColumns(model: string, expected: readonly string[], X: Matrix): void {
  if (X.nCols !== expected.length || X.featureNames.some((name, j) => name !== expected[j])) {
    const firstDiff = expected.findIndex((name, j) => X.featureNames[j] !== name);
    throw new Error(
      `${model}: X has columns [${X.featureNames.slice(0, 5).join(', ')}${X.nCols > 5 ? ', …' : ''}] ` +
        `(${X.nCols}) but the model was fitted on ${expected.length} columns; first mismatch at position ` +
        `${firstDiff < 0 ? expected.length : firstDiff}. Select the training columns in order (Matrix.selectColumns).`,
    );
  }
}

/** Check a positive integer hyperparameter (or null where "no limit" is allowed). */
export function checkCount(
  model: string,
  name: string,
  value: number | null,
  min: number,
  allowNull = false,
): void {
  if (value === null && allowNull) return;
  if (value === null || !Number.isInteger(value) || value < min) {
    throw new Error(
      `${model}: ${name} must be an integer >= ${min}${allowNull ? ' or null (no limit)' : ''}; got ${value}.`,
    );
  }
}

/** Refuse hyperparameters the model does not know (a typo would otherwise be silently ignored). */
export function checkKnownParams(model: string, params: object, defaults: object): void {
  const known = Object.keys(defaults);
  const unknown = Object.keys(params).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(`${model}: unknown parameter(s) ${unknown.join(', ')}; known: ${known.join(', ')}.`);
  }
}
