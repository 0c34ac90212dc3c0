import { allFinite, checkTrainingData, type TargetKind } from '../checkInput.ts';
import type { Matrix } from '../matrix.ts';

/**
 * The training-set checks shared with the tree models, plus the one linear models add: no missing
 * values (NaN), since a coefficient cannot multiply "missing". Returns the sample weights.
 *
 * @example
 * const weight = checkLinearData('LinearRegression', X, y, 'real', options.sampleWeight);
 */
export function checkLinearData(
  model: string,
  X: Matrix,
  y: Float64Array,
  target: TargetKind,
  sampleWeight?: Float64Array,
): Float64Array {
  const weight = checkTrainingData(model, X, y, target, sampleWeight);
  for (let j = 0; j < X.nCols; j++) {
    const column = X.columns[j];
    if (allFinite(column)) continue;
    for (let i = 0; i < column.length; i++) {
      if (Number.isNaN(column[i])) {
        throw new Error(
          `${model}.fit: X column "${X.featureNames[j]}" row ${i} is NaN; linear models need complete rows. ` +
            'Impute missing values first, or use a tree model (they send NaN left).',
        );
      }
    }
  }
  return weight;
}

/** Check a hyperparameter that must be a finite number >= min (or > min when `strict`). */
export function checkNumber(model: string, name: string, value: number, min: number, strict: boolean): void {
  const ok = Number.isFinite(value) && (strict ? value > min : value >= min);
  if (!ok)
    throw new Error(`${model}: ${name} must be a finite number ${strict ? '>' : '>='} ${min}; got ${value}.`);
}
