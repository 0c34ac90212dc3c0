/**
 * Input checks shared by every metric. Malformed input (length mismatch, non-finite values, labels
 * other than 0/1, negative weights) throws a sentence naming the metric; input on which the metric is
 * undefined (no rows, a single class) is not an error: the metric returns NaN, so live monitoring
 * windows that happen to hold one class do not crash a report.
 */
export function checkLengths(
  metric: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): void {
  if (yTrue.length !== yPred.length) {
    throw new Error(
      `${metric}: yTrue has ${yTrue.length} values but the predictions have ${yPred.length}; pass one prediction per row.`,
    );
  }
  if (sampleWeight !== undefined) {
    if (sampleWeight.length !== yTrue.length) {
      throw new Error(`${metric}: sampleWeight has ${sampleWeight.length} values for ${yTrue.length} rows.`);
    }
    for (let i = 0; i < sampleWeight.length; i++) {
      const w = sampleWeight[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new Error(`${metric}: sampleWeight[${i}] is ${w}; weights must be finite and >= 0.`);
      }
    }
  }
}

/** Check 0/1 labels and finite scores; `scoreRange01` also requires probabilities in [0, 1]. */
export function checkBinary(
  metric: string,
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  sampleWeight: ArrayLike<number> | undefined,
  scoreRange01: boolean,
): void {
  checkLengths(metric, yTrue, score, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i];
    if (y !== 0 && y !== 1)
      throw new Error(`${metric}: yTrue[${i}] is ${y}; binary metrics need labels 0 or 1.`);
    const s = score[i];
    if (!Number.isFinite(s))
      throw new Error(`${metric}: prediction ${i} is ${s}; predictions must be finite.`);
    if (scoreRange01 && (s < 0 || s > 1)) {
      throw new Error(`${metric}: prediction ${i} is ${s}; this metric needs probabilities in [0, 1].`);
    }
  }
}

/** Check finite real targets and predictions. */
export function checkReal(
  metric: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): void {
  checkLengths(metric, yTrue, yPred, sampleWeight);
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i]))
      throw new Error(`${metric}: yTrue[${i}] is ${yTrue[i]}; targets must be finite.`);
    if (!Number.isFinite(yPred[i]))
      throw new Error(`${metric}: prediction ${i} is ${yPred[i]}; predictions must be finite.`);
  }
}

/** Weight of row `i` (1 without weights). */
export function weightAt(sampleWeight: ArrayLike<number> | undefined, i: number): number {
  return sampleWeight === undefined ? 1 : sampleWeight[i];
}
