import { ITEMS_PER_PAGE, MAX_PAGE_ID, MAX_PAGES_PER_SESSION } from '../../session/index.ts';
import { depthLogit, engagementLogit } from './hazard.ts';
import { expectedMinLogNormal } from './normal.ts';
import type { RateParams } from './params.ts';
import type { SessionState } from './sessionState.ts';
import type { SimulatorTables } from './tables.ts';

/**
 * The oracle: the expected revenue of a session from each depth on, given everything the simulator
 * knows (profile, hour, latent intent), computed exactly by backward recursion:
 *
 *   V[p] = R + E[1 − h_p] · V[p+1],   V[12] = 0,
 *
 * where R is the expected revenue of one page and h_p the churn hazard of page p. This holds because
 * items are drawn independently of depth and of earlier pages, so V[p+1] is a constant given the
 * session state. E[1 − h_p] needs the joint distribution of the page's (clicks, saves, purchase?) as
 * the hazard sees them (capped): a dynamic programme over the 50 item slots gives the click count
 * exactly (mixed over the item-count distribution), and saves and purchases follow from it. Item-level probabilities come in closed form (capped log-normal
 * partial expectations) or from a fine quadrature (price acceptance). The only approximations are
 * the rounding of written values (ctr/cvr to 1e-6, prices to retail points), which the oracle
 * integrates unrounded: mean-zero errors far below the Monte Carlo noise of any test.
 * The expected remaining revenue after page t is then (1 − h_t) · V[t+1].
 */

/**
 * E[min(1, rate · multiplier)] over the rate's distribution (zeros, log-normal part, cap). While
 * rate.max · multiplier ≤ 1 the probability cap never binds and the mean capped rate (a constant)
 * scales linearly: the common case, without a transcendental function.
 */
function expectedScaledRate(rate: RateParams, meanCappedRate: number, multiplier: number): number {
  if (rate.max * multiplier <= 1) return (1 - rate.zeroShare) * multiplier * meanCappedRate;
  const cap = 1 / multiplier;
  return (1 - rate.zeroShare) * multiplier * expectedMinLogNormal(Math.log(rate.median), rate.logSd, cap);
}

/**
 * Scratch for the programme, built once per simulation. An engagement state packs
 * (min(clicks, clickCap), min(saves, saveCap), bought 0/1) as `(clicks · (saveCap+1) + saves) · 2 + bought`.
 */
export interface OracleScratch {
  /** P(clicks = c) after the slots seen so far, c = 0…50. */
  clickDistribution: Float64Array;
  /** P(clicks = c) on a page, mixed over the item-count distribution. */
  clickMixture: Float64Array;
  /** P(min(saves, saveCap) = s | clicks = c), row c of (saveCap+1) entries. */
  savesGivenClicks: Float64Array;
  /** P(engagement state) on a page. */
  stateMixture: Float64Array;
  /** Hazard logit of each state's engagement. */
  engagementLogitOfState: Float64Array;
}

export function createOracleScratch(tables: SimulatorTables): OracleScratch {
  const { hazard } = tables.params;
  const { clickCap, saveCap } = hazard;
  const states = (clickCap + 1) * (saveCap + 1) * 2;
  const engagementLogitOfState = new Float64Array(states);
  for (let clicks = 0; clicks <= clickCap; clicks++) {
    for (let saves = 0; saves <= saveCap; saves++) {
      for (let bought = 0; bought < 2; bought++) {
        engagementLogitOfState[(clicks * (saveCap + 1) + saves) * 2 + bought] = engagementLogit(
          clicks,
          saves,
          bought === 1,
          hazard,
        );
      }
    }
  }
  return {
    clickDistribution: new Float64Array(ITEMS_PER_PAGE + 1),
    clickMixture: new Float64Array(ITEMS_PER_PAGE + 1),
    savesGivenClicks: new Float64Array((ITEMS_PER_PAGE + 1) * (saveCap + 1)),
    stateMixture: new Float64Array(states),
    engagementLogitOfState,
  };
}

/**
 * V[p] for p = 0 … 12: the expected revenue (yuan) of pages p, p+1, … given the session reaches page p.
 *
 * @example
 * const value = remainingValueByDepth(state, tables, createOracleScratch(tables));
 * const expectedRemainingAfterPageT = (1 - churnOfPageT) * value[t + 1];
 */
export function remainingValueByDepth(
  state: SessionState,
  tables: SimulatorTables,
  scratch: OracleScratch,
): Float64Array {
  const { params, positionFactor, itemCountProbability } = tables;
  const { clickCap, saveCap } = params.hazard;
  const power = state.profile.purchasePower;
  const { clickDistribution, clickMixture, savesGivenClicks, stateMixture, engagementLogitOfState } = scratch;

  // Per clicked item: P(buy) and expected revenue (cvr and price are independent of the ctr draw).
  const cvrPart = expectedScaledRate(params.cvr, tables.meanCappedCvr, state.buyMultiplier);
  const buy = cvrPart * tables.meanAcceptance[power];
  const revenueGivenClickYuan = cvrPart * tables.meanAcceptedPriceYuan[power];

  // Clicks on a page: a Poisson-binomial over the item slots (slot k has its own position factor);
  // a page with n items is the programme stopped after slot n, mixed by P(n) and over the hidden
  // skim/attentive state of the page.
  let pageRevenueYuan = 0;
  clickMixture.fill(0);
  const { skimPageShare, skimClickFactor } = params.click;
  for (let skim = 0; skim < 2; skim++) {
    const modeWeight = skim === 1 ? skimPageShare : 1 - skimPageShare;
    if (modeWeight === 0) continue;
    const multiplier = skim === 1 ? state.clickMultiplier * skimClickFactor : state.clickMultiplier;
    let expectedClicksUpTo = 0;
    clickDistribution.fill(0);
    clickDistribution[0] = 1;
    for (let k = 0; k < ITEMS_PER_PAGE; k++) {
      const p = expectedScaledRate(params.ctr, tables.meanCappedCtr, multiplier * positionFactor[k]);
      expectedClicksUpTo += p;
      for (let c = k + 1; c > 0; c--)
        clickDistribution[c] = clickDistribution[c] * (1 - p) + clickDistribution[c - 1] * p;
      clickDistribution[0] *= 1 - p;
      const weight = modeWeight * itemCountProbability[k + 1];
      if (weight > 0) {
        pageRevenueYuan += weight * expectedClicksUpTo * revenueGivenClickYuan;
        for (let c = 0; c <= k + 1; c++) clickMixture[c] += weight * clickDistribution[c];
      }
    }
  }

  // Given c clicks, saves (cart + fav, each independent per click) and "bought anything" are
  // independent: saves by convolution, P(no purchase) = (1 − buy)^c.
  const a = state.cartProbability;
  const b = state.favProbability;
  const addSaves0 = (1 - a) * (1 - b);
  const addSaves1 = a * (1 - b) + (1 - a) * b;
  const addSaves2 = a * b;
  const width = saveCap + 1;
  savesGivenClicks.fill(0);
  savesGivenClicks[0] = 1;
  stateMixture.fill(0);
  let noPurchase = 1;
  for (let c = 0; c <= ITEMS_PER_PAGE; c++) {
    const row = c * width;
    if (c > 0) {
      const previous = row - width;
      for (let s = 0; s <= saveCap; s++) {
        const mass = savesGivenClicks[previous + s];
        savesGivenClicks[row + s] += mass * addSaves0;
        savesGivenClicks[row + Math.min(s + 1, saveCap)] += mass * addSaves1;
        savesGivenClicks[row + Math.min(s + 2, saveCap)] += mass * addSaves2;
      }
      noPurchase *= 1 - buy;
    }
    const clickMass = clickMixture[c];
    if (clickMass === 0) continue;
    const cappedRow = Math.min(c, clickCap) * width;
    for (let s = 0; s <= saveCap; s++) {
      const mass = clickMass * savesGivenClicks[row + s];
      stateMixture[(cappedRow + s) * 2] += mass * noPurchase;
      stateMixture[(cappedRow + s) * 2 + 1] += mass * (1 - noPurchase);
    }
  }

  const value = new Float64Array(MAX_PAGES_PER_SESSION + 1);
  value[MAX_PAGE_ID] = pageRevenueYuan; // the last possible page always ends the session
  for (let pageId = MAX_PAGE_ID - 1; pageId >= 0; pageId--) {
    const logit = state.hazardLogit + depthLogit(pageId, params.hazard);
    let survival = 0;
    for (let s = 0; s < stateMixture.length; s++) {
      // 1 − σ(x) = 1 / (1 + e^x): the survival probability of this engagement state.
      survival += stateMixture[s] / (1 + Math.exp(logit + engagementLogitOfState[s]));
    }
    value[pageId] = pageRevenueYuan + survival * value[pageId + 1];
  }
  return value;
}
