export { macroF1, multiclassConfusion, perClassF1 } from './multiclass.ts';
export { brierScore, type CalibrationBin, calibrationTable, logLoss } from './probabilistic.ts';
export { prAuc, prCurve, rocAuc, rocCurve, type ThresholdCounts, thresholdCounts } from './rankingCurves.ts';
export {
  giniOfOrdering,
  mae,
  meanTweedieDeviance,
  normalizedGini,
  r2,
  rmse,
  rmseLog1p,
} from './regression.ts';
export {
  bestF1Threshold,
  type ConfusionMatrix,
  confusionMatrix,
  type OperatingPoint,
  precisionRecallF1,
  thresholdForPrecision,
} from './thresholds.ts';
