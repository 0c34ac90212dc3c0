export { decidePromotion, type PromotionVerdict } from './decidePromotion.ts';
export { type JudgeInputs, judgeCandidate } from './judgeCandidate.ts';
export { rollback } from './rollback.ts';
export { type ScoredVersion, scoreVersion } from './scoreVersion.ts';
