import { z } from 'zod';
import type { Predictor } from '../estimator.ts';
import { parseArtifact } from './parseArtifact.ts';

/**
 * Serving code of every tree artifact kind: validate the artifact with zod and a structural check,
 * pack all trees into one set of typed arrays, and walk them in a loop (`x[f] <= threshold` or NaN
 * goes left). No training code is imported; predictions equal the estimators' bit for bit, since the
 * estimators predict through these same functions.
 */
const flatTreeSchema = z.object({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(z.number()),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(z.number()),
  cover: z.array(z.number().min(0)),
});
type FlatTreeJson = z.infer<typeof flatTreeSchema>;

function artifactSchema<K extends string, S extends z.ZodType>(kind: K, state: S) {
  return z.object({
    kind: z.literal(kind),
    schemaVersion: z.literal(1),
    featureNames: z.array(z.string()).min(1),
    params: z.record(z.string(), z.unknown()),
    state,
  });
}

const singleTreeState = z.object({ tree: flatTreeSchema, featureImportances: z.array(z.number()) });
const forestState = z.object({
  trees: z.array(flatTreeSchema).min(1),
  featureImportances: z.array(z.number()),
  oobScore: z.number().nullable(),
});
const boostingState = z.object({
  link: z.enum(['identity', 'logit', 'log']),
  baseScore: z.number(),
  trees: z.array(flatTreeSchema),
  bestIteration: z.number().int().min(-1),
  featureImportances: z.object({ gain: z.array(z.number()), split: z.array(z.number()) }),
  trainLoss: z.array(z.number()),
  validationLoss: z.array(z.number()),
});

/** All trees of a model in one set of typed arrays; child ids are global. */
interface PackedTrees {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  roots: Int32Array;
}

function checkTree(tree: FlatTreeJson, t: number, nFeatures: number, kind: string): void {
  const n = tree.feature.length;
  const where = `${kind} artifact: tree ${t}`;
  if (n === 0) throw new Error(`${where} has no nodes; a tree needs at least a root leaf.`);
  for (const key of ['threshold', 'left', 'right', 'value', 'cover'] as const) {
    if (tree[key].length !== n) {
      throw new Error(
        `${where}: "${key}" has ${tree[key].length} entries but "feature" has ${n}; arrays must be parallel.`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const isLeaf = tree.left[i] === -1;
    if (isLeaf && (tree.right[i] !== -1 || tree.feature[i] !== -1)) {
      throw new Error(`${where}, node ${i}: a leaf needs -1 in left, right and feature.`);
    }
    if (!isLeaf) {
      if (tree.feature[i] < 0 || tree.feature[i] >= nFeatures) {
        throw new Error(`${where}, node ${i}: feature ${tree.feature[i]} is outside 0..${nFeatures - 1}.`);
      }
      for (const child of [tree.left[i], tree.right[i]]) {
        if (child <= i || child >= n) {
          throw new Error(`${where}, node ${i}: child ${child} must come after its parent and below ${n}.`);
        }
      }
    }
  }
}

function pack(trees: FlatTreeJson[], nFeatures: number, kind: string): PackedTrees {
  trees.forEach((tree, t) => {
    checkTree(tree, t, nFeatures, kind);
  });
  const total = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const packed: PackedTrees = {
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    roots: new Int32Array(trees.length),
  };
  let offset = 0;
  trees.forEach((tree, t) => {
    packed.roots[t] = offset;
    for (let i = 0; i < tree.feature.length; i++) {
      const isLeaf = tree.left[i] === -1;
      packed.feature[offset + i] = tree.feature[i];
      packed.threshold[offset + i] = tree.threshold[i];
      packed.left[offset + i] = isLeaf ? -1 : tree.left[i] + offset;
      packed.right[offset + i] = isLeaf ? -1 : tree.right[i] + offset;
      packed.value[offset + i] = tree.value[i];
    }
    offset += tree.feature.length;
  });
  return packed;
}

/** Sum of the leaf values the row reaches, in tree order (the order training summed them in). */
function sumOfLeaves(p: PackedTrees, x: Float64Array, start: number): number {
  const { feature, threshold, left, right, value, roots } = p;
  let sum = start;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t];
    while (left[node] !== -1) {
      const v = x[feature[node]];
      node = v <= threshold[node] || Number.isNaN(v) ? left[node] : right[node];
    }
    sum += value[node];
  }
  return sum;
}

/**
 * Saabas path contributions: each split on the path credits its feature with the value change. The
 * same walk sums the leaves exactly as `sumOfLeaves` does (same start, tree order), so `leafSum`
 * equals it bit for bit.
 */
function pathContributions(p: PackedTrees, x: Float64Array, nFeatures: number, start: number) {
  const { feature, threshold, left, right, value, roots } = p;
  const contributions = new Float64Array(nFeatures);
  let bias = 0;
  let leafSum = start;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t];
    bias += value[node];
    while (left[node] !== -1) {
      const v = x[feature[node]];
      const next = v <= threshold[node] || Number.isNaN(v) ? left[node] : right[node];
      contributions[feature[node]] += value[next] - value[node];
      node = next;
    }
    leafSum += value[node];
  }
  return { bias, contributions, leafSum };
}

function checkRowLength(kind: string, featureNames: readonly string[], x: Float64Array): void {
  if (x.length !== featureNames.length) {
    throw new Error(
      `${kind}: row has ${x.length} values but the model expects ${featureNames.length} (${featureNames.slice(0, 3).join(', ')}, …).`,
    );
  }
}

function checkImportances(kind: string, values: number[], nFeatures: number): void {
  if (values.length !== nFeatures) {
    throw new Error(
      `Invalid ${kind} artifact: ${values.length} feature importances for ${nFeatures} features.`,
    );
  }
}

/** Build a predictor whose raw score is `offset + scale · Σ leaves`, then mapped by `link`. */
function makePredictor(
  kind: string,
  featureNames: string[],
  trees: FlatTreeJson[],
  offset: number,
  average: boolean,
  link: 'identity' | 'logit' | 'log',
): Predictor {
  const packed = pack(trees, featureNames.length, kind);
  const nTrees = trees.length;
  checkScoreBound(kind, trees, offset, average, link);
  const inverseLink = link === 'logit' ? sigmoid : link === 'log' ? Math.exp : (s: number) => s;
  const predictionOf = (sum: number) => inverseLink(average ? sum / nTrees : sum);
  return {
    kind,
    featureNames,
    predictRow(x: Float64Array): number {
      checkRowLength(kind, featureNames, x);
      return predictionOf(sumOfLeaves(packed, x, offset));
    },
    explainRow(x: Float64Array) {
      checkRowLength(kind, featureNames, x);
      const { bias, contributions, leafSum } = pathContributions(packed, x, featureNames.length, offset);
      const prediction = predictionOf(leafSum);
      if (!average) return { prediction, bias: bias + offset, contributions };
      for (let f = 0; f < contributions.length; f++) contributions[f] /= nTrees;
      return { prediction, bias: bias / nTrees, contributions };
    },
  };
}

/** exp(s) overflows above ln(Number.MAX_VALUE) ≈ 709.78; a sigmoid there is exactly 0 or 1. */
const MAX_LINKED_SCORE = 709;
/** No identity-link output (yuan, probability) is meaningful beyond this. */
const MAX_IDENTITY_SCORE = 1e15;

/**
 * Refuse trees whose leaves could sum to an overflowing or absurd score for some row (a leaf of
 * 1e308 passes every schema, then answers probability 1 or an infinite amount): the largest
 * reachable |score| is at most |offset| plus each tree's largest |leaf|.
 */
function checkScoreBound(
  kind: string,
  trees: FlatTreeJson[],
  offset: number,
  average: boolean,
  link: 'identity' | 'logit' | 'log',
): void {
  let bound = 0;
  for (const tree of trees) {
    let largest = 0;
    for (let i = 0; i < tree.value.length; i++) {
      if (tree.left[i] === -1) largest = Math.max(largest, Math.abs(tree.value[i]));
    }
    bound += largest;
  }
  bound = Math.abs(offset) + (average ? bound / trees.length : bound);
  const limit = link === 'identity' ? MAX_IDENTITY_SCORE : MAX_LINKED_SCORE;
  if (!(bound <= limit)) {
    throw new Error(
      `Invalid ${kind} artifact: its leaves can sum to a score of ${bound.toPrecision(3)}, beyond ${limit} ` +
        `(${link === 'identity' ? 'no amount is that large' : `exp() of it overflows the ${link} link`}); the model is corrupt or diverged, retrain it.`,
    );
  }
}

function sigmoid(s: number): number {
  return 1 / (1 + Math.exp(-s));
}

function singleTreePredictor(kind: string) {
  const schema = artifactSchema(kind, singleTreeState);
  return (artifact: unknown): Predictor => {
    const a = parseArtifact(schema, artifact, kind);
    checkImportances(kind, a.state.featureImportances, a.featureNames.length);
    return makePredictor(kind, a.featureNames, [a.state.tree], 0, false, 'identity');
  };
}

function forestPredictor(kind: string) {
  const schema = artifactSchema(kind, forestState);
  return (artifact: unknown): Predictor => {
    const a = parseArtifact(schema, artifact, kind);
    checkImportances(kind, a.state.featureImportances, a.featureNames.length);
    return makePredictor(kind, a.featureNames, a.state.trees, 0, true, 'identity');
  };
}

function boostingPredictor(kind: string, links: readonly ('identity' | 'logit' | 'log')[]) {
  const schema = artifactSchema(kind, boostingState);
  return (artifact: unknown): Predictor => {
    const a = parseArtifact(schema, artifact, kind);
    if (!links.includes(a.state.link)) {
      throw new Error(`Invalid ${kind} artifact: link "${a.state.link}" is not one of ${links.join(', ')}.`);
    }
    checkImportances(kind, a.state.featureImportances.gain, a.featureNames.length);
    return makePredictor(kind, a.featureNames, a.state.trees, a.state.baseScore, false, a.state.link);
  };
}

/**
 * Predictor factories for the tree artifact kinds, merged into `loadPredictor`.
 *
 * @example
 * const predictor = TREE_PREDICTORS['gradient-boosting-classifier'](JSON.parse(text));
 * predictor.predictRow(Float64Array.from(features)); // P(churn)
 */
export const TREE_PREDICTORS: Record<string, (artifact: unknown) => Predictor> = {
  'decision-tree-classifier': singleTreePredictor('decision-tree-classifier'),
  'decision-tree-regressor': singleTreePredictor('decision-tree-regressor'),
  'random-forest-classifier': forestPredictor('random-forest-classifier'),
  'random-forest-regressor': forestPredictor('random-forest-regressor'),
  'gradient-boosting-classifier': boostingPredictor('gradient-boosting-classifier', ['logit']),
  'gradient-boosting-regressor': boostingPredictor('gradient-boosting-regressor', ['identity', 'log']),
};
