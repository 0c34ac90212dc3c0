/**
 * Confusion matrix of integer class labels 0…k−1: `counts[actual * k + predicted]`.
 *
 * @example
 * multiclassConfusion(Int32Array.of(0, 1, 1), Int32Array.of(0, 1, 0), 2); // [1, 0, 1, 1]
 */
export function multiclassConfusion(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  k: number,
): Float64Array {
  if (yTrue.length !== yPred.length) {
    throw new Error(`multiclassConfusion: ${yTrue.length} true labels for ${yPred.length} predictions.`);
  }
  const counts = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i];
    const predicted = yPred[i];
    if (!(actual >= 0 && actual < k && predicted >= 0 && predicted < k)) {
      throw new Error(
        `multiclassConfusion: row ${i} has labels ${actual}, ${predicted}; labels must be 0…${k - 1}.`,
      );
    }
    counts[actual * k + predicted]++;
  }
  return counts;
}

/** Precision, recall and F1 of each class, and their unweighted mean (macro-F1, scikit-learn's `average='macro'`). */
export function perClassF1(counts: Float64Array, k: number) {
  const classes = Array.from({ length: k }, (_, c) => {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += counts[j * k + c];
      actual += counts[c * k + j];
    }
    const hits = counts[c * k + c];
    const precision = predicted > 0 ? hits / predicted : 0;
    const recall = actual > 0 ? hits / actual : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support: actual };
  });
  return { classes, macroF1: classes.reduce((sum, c) => sum + c.f1, 0) / k };
}

/**
 * Macro-F1 of integer labels 0…k−1: the mean of per-class F1 (a class never predicted scores 0).
 *
 * @example
 * macroF1(Int32Array.of(0, 1, 2, 2), Int32Array.of(0, 2, 2, 2), 3); // (1 + 0 + 0.8) / 3
 */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number {
  return perClassF1(multiclassConfusion(yTrue, yPred, k), k).macroF1;
}
