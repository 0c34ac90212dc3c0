export { consoleProgress, SILENT_PROGRESS, type TrainingProgress } from '../cli/progress.ts';
export {
  type AnyModelSpec,
  DEFAULT_TRAINING_CONFIG_PATH,
  loadTrainingConfig,
  type PromotionRule,
  type TrainingConfig,
  TrainingConfigSchema,
} from './config.ts';
export { dataFingerprint, sha256File } from './data/fingerprint.ts';
export { type SplitData, splitTable, type TrainingSplits } from './data/splitTable.ts';
export { chooseThreshold, churnMetrics } from './evaluate/churnMetrics.ts';
export { valueMetrics } from './evaluate/valueMetrics.ts';
export { type TaskRun, trainTask } from './models/trainTask.ts';
export { decidePromotion, judgeCandidate, rollback, scoreVersion } from './promotion/index.ts';
export { gitCommit } from './run/codeVersion.ts';
export { NO_SCORES, recordDecision } from './run/promoteVersion.ts';
export { type RetrainOutcome, retrain } from './run/retrain.ts';

export { type PromoteMode, type TrainedTask, trainAll } from './run/trainAll.ts';
