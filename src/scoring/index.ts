export { runScoreCli, SCORE_HELP } from './scoreCli.ts';
export { type ScoreLogOptions, type ScoreLogReport, scoreLog } from './scoreLog.ts';
export { type ScoredPage, type ScoreWriter, scoreWriterFor } from './scoreWriters.ts';
