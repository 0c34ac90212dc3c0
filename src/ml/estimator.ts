import type { Matrix } from './matrix.ts';

/** What every fit accepts beyond X and y. */
export interface FitOptions {
  /** Per-row weights (default: all 1). */
  sampleWeight?: Float64Array;
  /** A validation set, for early stopping where the model supports it. */
  validation?: { X: Matrix; y: Float64Array; sampleWeight?: Float64Array };
  /** Progress callback (iteration, total) for long fits; scripts drive a progress bar with it. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The plain, JSON-ready result of a fit. `kind` selects the inference code; `state` is the learned
 * data (trees as flat parallel arrays, coefficients as plain number arrays).
 */
export interface ModelArtifact<K extends string = string, P = unknown, S = unknown> {
  kind: K;
  /** Version of this artifact layout; inference refuses versions it does not know. */
  schemaVersion: number;
  /** Input columns, in order. A row given to inference must follow this order. */
  featureNames: string[];
  params: P;
  state: S;
}

/** scikit-learn's estimator contract. Hyperparameters live in the constructor. */
export interface Regressor {
  fit(X: Matrix, y: Float64Array, options?: FitOptions): this;
  predict(X: Matrix): Float64Array;
  toJSON(): ModelArtifact;
}

export interface Classifier extends Regressor {
  /** P(y = 1) for each row (binary classification). */
  predictProba(X: Matrix): Float64Array;
}

/**
 * The serving side of an artifact: one row in, one number out, no training code.
 * `predictRow` returns the prediction in the target's scale (a probability for classifiers,
 * the expected value for regressors).
 */
export interface Predictor {
  readonly kind: string;
  readonly featureNames: readonly string[];
  predictRow(x: Float64Array): number;
  /**
   * Additive contributions of each feature to the raw score (log-odds for classifiers, link scale
   * for log-link regressors), plus the bias: `sum(contributions) + bias = raw score`; and the
   * prediction, equal to `predictRow(x)` bit for bit (from the same pass, so a caller that needs
   * both walks the model once).
   */
  explainRow(x: Float64Array): { prediction: number; bias: number; contributions: Float64Array };
}
