import { indexGroups, partitionRows } from './groupIndex.ts';

/** One cross-validation fold: row indices to fit on and to score on. */
export interface Fold {
  trainIndices: Int32Array;
  validationIndices: Int32Array;
}

/**
 * K-fold cross-validation by group (scikit-learn's GroupKFold): groups, largest first, each go to
 * the fold with the fewest rows so far, so folds have similar sizes and no group is in two folds.
 * Deterministic (ties broken by first appearance, then by fold number).
 *
 * @example
 * for (const { trainIndices, validationIndices } of groupKFold(sessionId, 5)) { … }
 */
export function groupKFold(groups: ArrayLike<number>, nFolds = 5): Fold[] {
  if (!Number.isInteger(nFolds) || nFolds < 2)
    throw new Error(`groupKFold: nFolds must be an integer >= 2; got ${nFolds}.`);
  const { groupOf, sizes } = indexGroups(groups, 'groupKFold');
  if (sizes.length < nFolds) {
    throw new Error(
      `groupKFold: ${sizes.length} groups cannot fill ${nFolds} folds; use nFolds <= ${sizes.length}.`,
    );
  }
  const bySize = Array.from({ length: sizes.length }, (_, g) => g).sort(
    (a, b) => sizes[b] - sizes[a] || a - b,
  );
  const foldOfGroup = new Int32Array(sizes.length);
  const foldRows = new Float64Array(nFolds);
  for (const g of bySize) {
    let lightest = 0;
    for (let f = 1; f < nFolds; f++) if (foldRows[f] < foldRows[lightest]) lightest = f;
    foldOfGroup[g] = lightest;
    foldRows[lightest] += sizes[g];
  }
  return Array.from({ length: nFolds }, (_, fold) => {
    const inFold = new Uint8Array(sizes.length);
    for (let g = 0; g < sizes.length; g++) inFold[g] = foldOfGroup[g] === fold ? 1 : 0;
    const { inside, outside } = partitionRows(groupOf, inFold);
    return { trainIndices: outside, validationIndices: inside };
  });
}
