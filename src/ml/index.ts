// The public surface of src/ml: estimators, metrics, selection, inference and the shared types.
export * from './boosting/index.ts';
export type * from './estimator.ts';
export * from './forest/index.ts';
export * from './inference/index.ts';
export * from './linalg/index.ts';
export * from './linear/index.ts';
export { Matrix } from './matrix.ts';
export * from './metrics/index.ts';
// Both metrics and boosting name something `logLoss`; the metric wins here, and the boosting loss
// object stays importable from './boosting/index.ts'.
export { logLoss } from './metrics/index.ts';
export * from './selection/index.ts';
export * from './tree/index.ts';
