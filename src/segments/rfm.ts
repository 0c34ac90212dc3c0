/**
 * Quintile scores 1…5 of `values` by mid-rank: tied values share a score (a fifth of customers with
 * one purchase all get the same frequency score), higher values score higher unless `descending`.
 *
 * @example
 * quintileScores(Float64Array.of(1, 2, 3, 4, 5)); // [1, 2, 3, 4, 5]
 */
export function quintileScores(values: Float64Array, { descending = false } = {}): Uint8Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const scores = new Uint8Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // The group's mid-rank as a share of customers, in (0, 1).
    const share = (start + end) / 2 / n;
    const score = Math.min(5, 1 + Math.floor(share * 5));
    for (let k = start; k < end; k++) scores[order[k]] = descending ? 6 - score : score;
    start = end;
  }
  return scores;
}

/** R, F and M quintile scores and the usual three-digit cell ("545"). */
export interface RfmScores {
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
}

/**
 * RFM quintiles: recency scores 5 for the most recent buyers (fewest days since the last purchase),
 * frequency and monetary value 5 for the most.
 *
 * @example
 * const rfm = rfmScores({ recencyDays, frequency, monetary: meanSpend });
 */
export function rfmScores(columns: {
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}): RfmScores {
  return {
    recency: quintileScores(columns.recencyDays, { descending: true }),
    frequency: quintileScores(columns.frequency),
    monetary: quintileScores(columns.monetary),
  };
}
