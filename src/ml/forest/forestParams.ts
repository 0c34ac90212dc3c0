import { checkCount } from '../checkInput.ts';
import { CART_DEFAULTS, type CartParams, checkCartParams } from '../tree/cartParams.ts';

/** Random forest hyperparameters: the CART ones plus the ensemble's. */
export interface ForestParams extends CartParams {
  /** Number of trees. */
  nEstimators: number;
  /** Draw each tree's rows with replacement (as integer weights); off = every tree sees all rows. */
  bootstrap: boolean;
  /** Compute the out-of-bag score (needs `bootstrap`). */
  oobScore: boolean;
}

/** The forest defaults both forests start from: 100 fully grown trees on bootstrap samples. */
export const FOREST_DEFAULTS: ForestParams = {
  ...CART_DEFAULTS,
  nEstimators: 100,
  bootstrap: true,
  oobScore: false,
};

export function checkForestParams(model: string, params: ForestParams): void {
  checkCartParams(model, params);
  checkCount(model, 'nEstimators', params.nEstimators, 1);
  if (params.oobScore && !params.bootstrap) {
    throw new Error(`${model}: oobScore needs bootstrap: true (without bootstrap no row is out of bag).`);
  }
}
