import type { Classifier, FitOptions, ModelArtifact, Predictor, Regressor } from './estimator.ts';
import { loadPredictor } from './inference/index.ts';
import type { Matrix } from './matrix.ts';
import { predictMatrix, requireFitted } from './predictMatrix.ts';

/**
 * What every estimator keeps once fitted: its artifact (plain data, what `toJSON` returns) and the
 * serving predictor built from it by the same `loadPredictor` the API uses, so batch predictions
 * equal served ones bit for bit. A subclass learns in `fit` and hands the artifact to
 * `setArtifact`; until then every accessor throws the one "not fitted" error naming the model.
 */
export abstract class BaseEstimator<P, A extends ModelArtifact> {
  readonly params: P;
  private artifact: A | null = null;
  private predictor: Predictor | null = null;

  /** `modelName` is the class name that error messages start with. */
  constructor(
    private readonly modelName: string,
    params: P,
  ) {
    this.params = params;
  }

  abstract fit(X: Matrix, y: Float64Array, options?: FitOptions): this;

  toJSON(): A {
    return this.fittedArtifact();
  }

  /** Keep a freshly fitted artifact and build its predictor. */
  protected setArtifact(artifact: A): void {
    this.artifact = artifact;
    this.predictor = loadPredictor(artifact);
  }

  protected fittedArtifact(): A {
    return requireFitted(this.modelName, this.artifact);
  }

  /** The predictor's output for every row: P(y = 1) for classifiers, the prediction for regressors. */
  protected predictFitted(X: Matrix): Float64Array {
    return predictMatrix(this.modelName, requireFitted(this.modelName, this.predictor), X);
  }
}

/** A fitted model whose output is the prediction itself. */
export abstract class BaseRegressor<P, A extends ModelArtifact>
  extends BaseEstimator<P, A>
  implements Regressor
{
  predict(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }
}

/** A binary classifier whose model outputs P(y = 1). */
export abstract class BaseClassifier<P, A extends ModelArtifact>
  extends BaseEstimator<P, A>
  implements Classifier
{
  predictProba(X: Matrix): Float64Array {
    return this.predictFitted(X);
  }

  /** Class labels (1 where P(y = 1) ≥ 0.5). */
  predict(X: Matrix): Float64Array {
    return classLabels(this.predictProba(X));
  }
}

/** Class labels from P(y = 1): 1 where the probability is at least 0.5. */
export function classLabels(probabilities: Float64Array): Float64Array {
  return probabilities.map((p) => (p >= 0.5 ? 1 : 0));
}
