import { GradientBoostingClassifier, GradientBoostingRegressor } from '../../ml/boosting/index.ts';
import type { Classifier, Regressor } from '../../ml/estimator.ts';
import { RandomForestClassifier } from '../../ml/forest/index.ts';
import { LinearRegression, LogisticRegression, PolynomialRegression } from '../../ml/linear/index.ts';
import { DecisionTreeClassifier } from '../../ml/tree/index.ts';
import type { Task } from '../../registry/index.ts';
import type { CHURN_FAMILIES, VALUE_FAMILIES } from '../config.ts';

type Params = Record<string, unknown>;

/** Config params are checked by each estimator (sentences naming the bad value), not here. */
const CHURN_MODELS: Record<(typeof CHURN_FAMILIES)[number], new (params: Params) => Classifier> = {
  'logistic-regression': LogisticRegression,
  'decision-tree': DecisionTreeClassifier,
  'random-forest': RandomForestClassifier,
  'gradient-boosting': GradientBoostingClassifier,
};

const VALUE_MODELS: Record<(typeof VALUE_FAMILIES)[number], new (params: Params) => Regressor> = {
  linear: LinearRegression,
  polynomial: PolynomialRegression,
  'gradient-boosting': GradientBoostingRegressor,
};

/**
 * An unfitted estimator of `family` for `task`, built from config params.
 *
 * @example
 * createEstimator('churn', 'gradient-boosting', { nEstimators: 150, maxLeaves: 31 });
 */
export function createEstimator(task: Task, family: string, params: Params): Classifier | Regressor {
  const table: Record<string, new (params: Params) => Classifier | Regressor> =
    task === 'churn' ? CHURN_MODELS : VALUE_MODELS;
  const Estimator = table[family];
  if (!Estimator) {
    throw new Error(
      `No model family "${family}" for task ${task}; supported: ${Object.keys(table).join(', ')}.`,
    );
  }
  return new Estimator(params);
}

/** The task's prediction: P(churn) for classifiers, the expected value for regressors. */
export function predictTask(
  task: Task,
  model: Classifier | Regressor,
  X: Parameters<Regressor['predict']>[0],
) {
  if (task === 'churn') return (model as Classifier).predictProba(X);
  return model.predict(X);
}

/**
 * Split-gain importance of tree models (shares summing to 1), null for linear models (their
 * coefficients depend on scale; permutation importance covers them).
 */
export function gainImportances(model: Classifier | Regressor): number[] | null {
  if (!('featureImportances' in model)) return null;
  const importances = (model as { featureImportances: number[] | ((type: 'gain') => number[]) })
    .featureImportances;
  if (typeof importances === 'function') return importances.call(model, 'gain');
  return Array.isArray(importances) ? importances : null;
}

/** Number of fitting steps to show on a progress bar (rounds or trees), when the params say it. */
export function stepsOf(params: Params): number | null {
  return typeof params.nEstimators === 'number' ? params.nEstimators : null;
}
