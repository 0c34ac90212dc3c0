/**
 * What the shared tree grower needs to know about a model: each row carries two summed channels
 * (`s0`, `s1`); a node's `score` is higher the better the node fits, and a split's gain comes from
 * `score(left) + score(right) - score(parent)`. CART uses (weight, weight·y); gradient boosting uses
 * (gradient G, hessian H). One grower serves both.
 */
export interface SplitCriterion {
  /** Node quality from its channel sums (higher is better). */
  score(s0: number, s1: number): number;
  /** Gain of a split from `score(L) + score(R) - score(P)`; a split is taken only when gain > 0. */
  splitGain(scoreDelta: number, parentS0: number, parentS1: number): number;
  /** Whether both children carry enough weight (sample weight for CART, hessian for boosting). */
  childrenAllowed(leftS0: number, leftS1: number, rightS0: number, rightS1: number): boolean;
  /** The prediction of a node (kept for internal nodes too, for path contributions). */
  nodeValue(s0: number, s1: number): number;
  /** The node's cover: the weight it holds (sample weight for CART, hessian sum for boosting). */
  cover(s0: number, s1: number): number;
}

/** Relative tolerance below which a CART impurity decrease counts as rounding noise, not a split. */
const CART_MIN_RELATIVE_DECREASE = 1e-12;

abstract class CartCriterion implements SplitCriterion {
  abstract score(weight: number, weightedY: number): number;

  splitGain(scoreDelta: number, parentWeight: number): number {
    return scoreDelta > CART_MIN_RELATIVE_DECREASE * parentWeight ? scoreDelta : 0;
  }

  childrenAllowed(leftWeight: number, _l1: number, rightWeight: number): boolean {
    return leftWeight > 0 && rightWeight > 0;
  }

  nodeValue(weight: number, weightedY: number): number {
    return weight > 0 ? weightedY / weight : 0;
  }

  cover(weight: number): number {
    return weight;
  }
}

/** Binary Gini: the weighted impurity is `W · 2p(1-p)` with `p = WY / W`. */
export class GiniCriterion extends CartCriterion {
  score(weight: number, weightedY: number): number {
    return weight > 0 ? (-2 * weightedY * (weight - weightedY)) / weight : 0;
  }
}

/** Binary entropy in bits, weighted by the node's weight (scikit-learn's "entropy"/"log_loss"). */
export class EntropyCriterion extends CartCriterion {
  score(weight: number, weightedY: number): number {
    if (weight <= 0) return 0;
    const p = weightedY / weight;
    if (p <= 0 || p >= 1) return 0;
    return weight * (p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
  }
}

/**
 * Squared error: the sum of squares decrease of a split is `WY_L²/W_L + WY_R²/W_R − WY²/W`, so the
 * node score `WY²/W` is all a split search needs (ΣwY² cancels).
 */
export class SquaredErrorCriterion extends CartCriterion {
  score(weight: number, weightedY: number): number {
    return weight > 0 ? (weightedY * weightedY) / weight : 0;
  }
}
