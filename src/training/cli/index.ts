export { CLV_HELP, runClvCli } from './clvCli.ts';
export { DEFAULT_MODELS_HELP, runDefaultModelsCli } from './defaultModelsCli.ts';
export { RETRAIN_HELP, runRetrainCli } from './retrainCli.ts';
export { ROLLBACK_HELP, runRollbackCli } from './rollbackCli.ts';
export { runTrainCli, TRAIN_HELP } from './trainCli.ts';
