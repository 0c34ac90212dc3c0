// The public surface of src/ml: estimators, metrics, selection, inference and the shared types.
export * from './boosting/index.ts';
export * from './clv/index.ts';
export * from './conformal.ts';
export type * from './estimator.ts';
export * from './forest/index.ts';
export * from './histogram/index.ts';
export * from './inference/index.ts';
export * from './linalg/index.ts';
export * from './linear/index.ts';
export { Matrix } from './matrix.ts';
export * from './metrics/index.ts';
export * from './mixture/index.ts';
export { createRng, cumulative, SeededRandom } from './random.ts';
export * from './selection/index.ts';
export * from './tree/index.ts';
