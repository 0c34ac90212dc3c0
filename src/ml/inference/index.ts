import type { Predictor } from '../estimator.ts';
import { LINEAR_PREDICTORS } from './linear.ts';
import { TREE_PREDICTORS } from './trees.ts';

/**
 * Serving-side entry point: turn a stored artifact (already parsed JSON) into a Predictor.
 * Each artifact kind has small inference code of its own, separate from training code; this is
 * all the API imports from src/ml. Unknown kinds and malformed artifacts fail with a sentence
 * saying what is supported.
 */
const FACTORIES: Record<string, (artifact: unknown) => Predictor> = {
  ...LINEAR_PREDICTORS,
  ...TREE_PREDICTORS,
};

export const SUPPORTED_KINDS = Object.keys(FACTORIES);

export function loadPredictor(artifact: unknown): Predictor {
  const kind = (artifact as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string') {
    throw new Error(`Model artifact has no "kind"; expected one of: ${SUPPORTED_KINDS.join(', ')}.`);
  }
  const factory = FACTORIES[kind];
  if (!factory) {
    throw new Error(`Unknown model artifact kind "${kind}"; supported kinds: ${SUPPORTED_KINDS.join(', ')}.`);
  }
  return factory(artifact);
}
