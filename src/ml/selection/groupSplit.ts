import { createRng } from '../random.ts';
import { indexGroups, partitionRows } from './groupIndex.ts';

/** Row indices of a train/test split, each in row order. */
export interface TrainTestIndices {
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

function testGroupCount(caller: string, testFraction: number, nGroups: number): number {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new Error(`${caller}: testFraction must be in (0, 1); got ${testFraction}.`);
  }
  if (nGroups < 2) throw new Error(`${caller}: only ${nGroups} group; a split needs at least 2 groups.`);
  return Math.min(nGroups - 1, Math.max(1, Math.round(testFraction * nGroups)));
}

/**
 * Random split by group (scikit-learn's GroupShuffleSplit with one split): a seeded shuffle of the
 * distinct groups puts round(testFraction × groups) of them in test; every row of a group lands on
 * the same side, so no session leaks between train and test.
 *
 * @example
 * const { trainIndices, testIndices } = groupShuffleSplit(sessionId, { testFraction: 0.2, seed: 1 });
 * const Xtrain = X.takeRows(trainIndices);
 */
export function groupShuffleSplit(
  groups: ArrayLike<number>,
  options: { testFraction?: number; seed?: number } = {},
): TrainTestIndices {
  const { testFraction = 0.2, seed = 0 } = options;
  const { groupOf, sizes } = indexGroups(groups, 'groupShuffleSplit');
  const nTest = testGroupCount('groupShuffleSplit', testFraction, sizes.length);
  const order = Int32Array.from({ length: sizes.length }, (_, g) => g);
  const rng = createRng(seed);
  for (let k = order.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    const swap = order[k];
    order[k] = order[j];
    order[j] = swap;
  }
  const inTest = new Uint8Array(sizes.length);
  for (let k = 0; k < nTest; k++) inTest[order[k]] = 1;
  const { inside, outside } = partitionRows(groupOf, inTest);
  return { trainIndices: outside, testIndices: inside };
}

/**
 * Time-ordered split by group: groups are ordered by their first row, and the last
 * round(testFraction × groups) of them form the test set ("later sessions last"), so the model is
 * evaluated on sessions that started after every training session did.
 *
 * @example
 * const { trainIndices, testIndices } = orderedGroupSplit(sessionId, { testFraction: 0.2 });
 */
export function orderedGroupSplit(
  groups: ArrayLike<number>,
  options: { testFraction?: number } = {},
): TrainTestIndices {
  const { testFraction = 0.2 } = options;
  const { groupOf, sizes } = indexGroups(groups, 'orderedGroupSplit');
  const nTest = testGroupCount('orderedGroupSplit', testFraction, sizes.length);
  const inTest = new Uint8Array(sizes.length);
  for (let g = sizes.length - nTest; g < sizes.length; g++) inTest[g] = 1;
  const { inside, outside } = partitionRows(groupOf, inTest);
  return { trainIndices: outside, testIndices: inside };
}
