import { cumulative } from '../../ml/random.ts';
import { ITEMS_PER_PAGE } from '../../session/index.ts';
import { expectedMinLogNormal } from './normal.ts';
import type { SimulatorParams } from './params.ts';

/** Everything the simulator derives once from its params (never per page). */
export interface SimulatorTables {
  params: SimulatorParams;
  ageLevelCumulative: Float64Array;
  genderCumulative: Float64Array;
  purchasePowerCumulative: Float64Array;
  hourCumulative: Float64Array;
  /** Click position factor by offset within the page (mean 1 over a full page). */
  positionFactor: Float64Array;
  /** P(page has n real items), n = 0…50. */
  itemCountProbability: Float64Array;
  /** Per purchase-power level 0–7: E[acceptance(P)] and E[acceptance(P)·P] over the price distribution. */
  meanAcceptance: Float64Array;
  meanAcceptedPriceYuan: Float64Array;
  /** E[min(Y, max)] of the log-normal part of ctr and of cvr (zeros excluded). */
  meanCappedCtr: number;
  meanCappedCvr: number;
}

/** log(price) mean for a user of this purchase power. */
export function priceLogMean(params: SimulatorParams, purchasePower: number): number {
  const { logMean, logShiftPerPowerLevel, referencePowerLevel } = params.price;
  return logMean + logShiftPerPowerLevel * (purchasePower - referencePowerLevel);
}

/** The price a user of this purchase power is comfortable with (acceptance = 1/2 there). */
export function affordableYuan(params: SimulatorParams, purchasePower: number): number {
  return params.purchase.affordableYuan * Math.exp(params.purchase.affordablePerPowerLevel * purchasePower);
}

/** Probability of buying a clicked item of this price, before cvr: 1 / (1 + (price/affordable)^elasticity). */
export function priceAcceptance(priceYuan: number, affordable: number, elasticity: number): number {
  return 1 / (1 + (priceYuan / affordable) ** elasticity);
}

// Trapezoid rule over the standard normal on ±9 sd: the integrands are smooth but for the kink at
// the price cap, so 3,601 nodes put the quadrature error far below 1e-6 relative.
const QUADRATURE_HALF_WIDTH = 9;
const QUADRATURE_NODES = 3601;

/** E[acceptance(P)] and E[acceptance(P)·P] over one log-normal part of the price, by quadrature. */
function partMoments(
  params: SimulatorParams,
  logMean: number,
  logSd: number,
  affordable: number,
): [number, number] {
  const step = (2 * QUADRATURE_HALF_WIDTH) / (QUADRATURE_NODES - 1);
  let acceptance = 0;
  let acceptedPrice = 0;
  let mass = 0;
  for (let i = 0; i < QUADRATURE_NODES; i++) {
    const z = -QUADRATURE_HALF_WIDTH + i * step;
    const weight = (i === 0 || i === QUADRATURE_NODES - 1 ? 0.5 : 1) * Math.exp(-0.5 * z * z);
    const price = Math.min(params.price.maxYuan, Math.exp(logMean + logSd * z));
    const accept = priceAcceptance(price, affordable, params.purchase.priceElasticity);
    mass += weight;
    acceptance += weight * accept;
    acceptedPrice += weight * accept * price;
  }
  return [acceptance / mass, acceptedPrice / mass];
}

function priceMoments(params: SimulatorParams, purchasePower: number): [number, number] {
  const mu = priceLogMean(params, purchasePower);
  const affordable = affordableYuan(params, purchasePower);
  const { logSd, tailShare, tailLogMeanOffset, tailLogSd } = params.price;
  const [ordinaryAcceptance, ordinaryAccepted] = partMoments(params, mu, logSd, affordable);
  const [premiumAcceptance, premiumAccepted] = partMoments(
    params,
    mu + tailLogMeanOffset,
    tailLogSd,
    affordable,
  );
  return [
    (1 - tailShare) * ordinaryAcceptance + tailShare * premiumAcceptance,
    (1 - tailShare) * ordinaryAccepted + tailShare * premiumAccepted,
  ];
}

/**
 * Derive the tables of a params object.
 *
 * @example
 * const tables = buildSimulatorTables(resolveSimulatorParams());
 */
export function buildSimulatorTables(params: SimulatorParams): SimulatorTables {
  const positionFactor = new Float64Array(ITEMS_PER_PAGE);
  for (let k = 0; k < ITEMS_PER_PAGE; k++) {
    positionFactor[k] = 1 + params.click.topPositionBoost * (0.5 - k / (ITEMS_PER_PAGE - 1));
  }
  const itemCountProbability = new Float64Array(ITEMS_PER_PAGE + 1);
  const shortSizes = ITEMS_PER_PAGE - params.shortPageMinItems;
  for (let n = params.shortPageMinItems; n < ITEMS_PER_PAGE; n++) {
    itemCountProbability[n] = params.shortPageShare / shortSizes;
  }
  itemCountProbability[ITEMS_PER_PAGE] = 1 - params.shortPageShare;
  const meanAcceptance = new Float64Array(8);
  const meanAcceptedPriceYuan = new Float64Array(8);
  for (let power = 0; power < 8; power++) {
    [meanAcceptance[power], meanAcceptedPriceYuan[power]] = priceMoments(params, power);
  }
  return {
    params,
    ageLevelCumulative: cumulative(params.profile.ageLevelWeights),
    genderCumulative: cumulative(params.profile.genderWeights),
    purchasePowerCumulative: cumulative(params.profile.purchasePowerWeights),
    hourCumulative: cumulative(params.hourWeights),
    positionFactor,
    itemCountProbability,
    meanAcceptance,
    meanAcceptedPriceYuan,
    meanCappedCtr: expectedMinLogNormal(Math.log(params.ctr.median), params.ctr.logSd, params.ctr.max),
    meanCappedCvr: expectedMinLogNormal(Math.log(params.cvr.median), params.cvr.logSd, params.cvr.max),
  };
}
