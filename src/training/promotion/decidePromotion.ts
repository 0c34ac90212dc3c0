import type { GuardCheck } from '../../registry/index.ts';
import type { PromotionRule } from '../config.ts';

/** The outcome of comparing a candidate with production on the same test rows. */
export interface PromotionVerdict {
  promote: boolean;
  reason: string;
  mainMetric: string;
  candidateScore: number;
  productionScore: number;
  /** Improvement the rule asked for, in the metric's units (relative margins resolved). */
  requiredMargin: number;
  guards: GuardCheck[];
}

/**
 * The promotion rule: promote only when the candidate beats production on the main metric by at
 * least the margin AND is not worse than production beyond tolerance on any guard metric. A NaN or
 * missing score never promotes (an evaluation that failed is not evidence of improvement).
 *
 * @example
 * decidePromotion(rule, { rocAuc: 0.81, logLoss: 0.40 }, { rocAuc: 0.80, logLoss: 0.41 }).promote; // true
 */
export function decidePromotion(
  rule: PromotionRule,
  candidate: Readonly<Record<string, number>>,
  production: Readonly<Record<string, number>>,
): PromotionVerdict {
  const { metric, direction, relative, margin } = rule.main;
  const candidateScore = candidate[metric] ?? Number.NaN;
  const productionScore = production[metric] ?? Number.NaN;
  const requiredMargin = relative ? margin * Math.abs(productionScore) : margin;
  const improvement =
    direction === 'higher' ? candidateScore - productionScore : productionScore - candidateScore;
  const guards: GuardCheck[] = rule.guards.map((guard) => {
    const c = candidate[guard.metric] ?? Number.NaN;
    const p = production[guard.metric] ?? Number.NaN;
    const worsening = guard.direction === 'higher' ? p - c : c - p;
    const tolerance = guard.relative ? guard.tolerance * Math.abs(p) : guard.tolerance;
    return {
      metric: guard.metric,
      candidate: Number.isFinite(c) ? c : null,
      production: Number.isFinite(p) ? p : null,
      tolerance,
      passed: worsening <= tolerance,
    };
  });
  const verdict = { mainMetric: metric, candidateScore, productionScore, requiredMargin, guards };
  const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)).toString() : String(v));
  if (!(Number.isFinite(candidateScore) && Number.isFinite(productionScore))) {
    return {
      ...verdict,
      promote: false,
      reason: `${metric} could not be computed for both models; production kept`,
    };
  }
  const change = `${metric} ${fmt(productionScore)} → ${fmt(candidateScore)} (${direction} is better, margin ${fmt(requiredMargin)})`;
  if (!(improvement >= requiredMargin && improvement > 0)) {
    return { ...verdict, promote: false, reason: `not better by the margin: ${change}` };
  }
  const failed = guards.filter((g) => !g.passed);
  if (failed.length > 0) {
    const list = failed
      .map(
        (g) =>
          `${g.metric} ${fmt(g.production ?? Number.NaN)} → ${fmt(g.candidate ?? Number.NaN)} (tolerance ${fmt(g.tolerance)})`,
      )
      .join(', ');
    return {
      ...verdict,
      promote: false,
      reason: `better on ${metric} but worse beyond tolerance on ${list}`,
    };
  }
  return { ...verdict, promote: true, reason: `better: ${change}; guards within tolerance` };
}
