import { FEATURE_INDEX, sessionFeatures } from '../features/index.ts';
import { survivalCurve } from '../ml/inference/survival.ts';
import type { ServedSessionModel } from '../registry/index.ts';
import { MAX_PAGE_ID, type ObservedSession } from '../session/index.ts';

/** How many contributions a churn answer lists. */
export const TOP_CONTRIBUTIONS = 5;

export interface ChurnPrediction {
  features: Float64Array;
  churnProbability: number;
  churn: boolean;
  threshold: number;
  bias: number;
  topContributions: { feature: string; value: number; contribution: number }[];
  /** When the model has a pages-ahead model: the survival view of the session. */
  survival?: SessionSurvival;
}

/** How many horizons an answer lists: P(at least k more pages) for k = 1 … 5. */
export const SURVIVAL_ANSWER_HORIZONS = 5;

export interface SessionSurvival {
  /** E[further pages after the current one] = Σ_k P(at least k more pages). */
  expectedFurtherPages: number;
  /** P(at least k more pages), k = 1 … 5 (0 past the last page a session can have). */
  stillBrowsing: number[];
}

/** The survival view from the churn probability and the pages-ahead model (src/ml/inference/survival.ts). */
function sessionSurvival(
  model: ServedSessionModel,
  features: Float64Array,
  churnProbability: number,
): SessionSurvival | undefined {
  if (!model.pagesAhead) return undefined;
  const maxFurther = MAX_PAGE_ID - features[FEATURE_INDEX.pageId];
  const curve = survivalCurve(churnProbability, model.pagesAhead, features, maxFurther);
  let expectedFurtherPages = 0;
  for (const probability of curve) expectedFurtherPages += probability;
  return {
    expectedFurtherPages,
    stillBrowsing: Array.from({ length: SURVIVAL_ANSWER_HORIZONS }, (_, k) => curve[k] ?? 0),
  };
}

/**
 * Score one session with a churn model: the training feature function, the model's probability,
 * the decision at its threshold, and the features that pushed the score most (by |contribution|).
 *
 * @example
 * predictChurn(store.get('churn')!, toObservedSession(body)).churnProbability; // 0.31
 */
export function predictChurn(model: ServedSessionModel, session: ObservedSession): ChurnPrediction {
  const features = sessionFeatures(session);
  const { prediction: churnProbability, bias, contributions } = model.predictor.explainRow(features);
  const threshold = model.threshold ?? 0.5;
  const topContributions = largestMagnitudes(contributions, TOP_CONTRIBUTIONS).map((j) => ({
    feature: model.featureNames[j],
    value: features[j],
    contribution: contributions[j],
  }));
  const survival = sessionSurvival(model, features, churnProbability);
  return {
    features,
    churnProbability,
    churn: churnProbability >= threshold,
    threshold,
    bias,
    topContributions,
    ...(survival ? { survival } : {}),
  };
}

/**
 * Indexes of the `k` entries of largest |value|, largest first, ties in index order: the first `k`
 * of a stable sort by descending |value|, without sorting all of them per request.
 */
export function largestMagnitudes(values: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  for (let j = 0; j < values.length; j++) {
    const magnitude = Math.abs(values[j]);
    let at = top.length;
    while (at > 0 && Math.abs(values[top[at - 1]]) < magnitude) at--;
    if (at >= k) continue;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top;
}

export interface ValuePrediction {
  features: Float64Array;
  /** The model's raw output (logged, as the reference distribution is of raw outputs). */
  rawPrediction: number;
  revenueSoFarYuan: number;
  expectedRemainingRevenueYuan: number;
  expectedTotalRevenueYuan: number;
}

/**
 * Score one session with a session-value model. Revenue cannot be negative, so a regressor's
 * negative output (possible for linear models) is answered as 0.
 *
 * @example
 * predictValue(store.get('session-value')!, toObservedSession(body)).expectedTotalRevenueYuan;
 */
export function predictValue(model: ServedSessionModel, session: ObservedSession): ValuePrediction {
  const features = sessionFeatures(session);
  const rawPrediction = model.predictor.predictRow(features);
  const revenueSoFarYuan = features[FEATURE_INDEX.revenueSoFarYuan];
  const expectedRemainingRevenueYuan = Math.max(0, rawPrediction);
  return {
    features,
    rawPrediction,
    revenueSoFarYuan,
    expectedRemainingRevenueYuan,
    expectedTotalRevenueYuan: revenueSoFarYuan + expectedRemainingRevenueYuan,
  };
}
