/**
 * Every knob of the simulator, documented and independent: shifting one (say the age distribution or
 * the price level) changes that aspect of the data and nothing else, which is what drift tests need.
 * The model behind the knobs: `docs/simulator.md`.
 */

/** Distributions of the user profile columns (relative weights; they need not sum to 1). */
export interface ProfileParams {
  /** Weights of age levels 0–8. */
  ageLevelWeights: readonly number[];
  /** Weights of genders 0–2. */
  genderWeights: readonly number[];
  /** Weights of purchase-power levels 0–7. */
  purchasePowerWeights: readonly number[];
}

/** A log-normal rate (ctr or cvr) as the platform predicts it, with a share of exact zeros. */
export interface RateParams {
  /** Median of the log-normal part. */
  median: number;
  /** Standard deviation of its logarithm. */
  logSd: number;
  /** Values above are set to this. */
  max: number;
  /** Share of real items whose predicted rate is exactly 0 (seen in real data). */
  zeroShare: number;
}

/**
 * Item prices (yuan): a two-part log-normal mixture (most items, plus a share of premium items that
 * makes the heavy tail of real prices), shifted by purchase power, capped, rounded like retail prices.
 */
export interface PriceParams {
  /** Mean of log(price) of ordinary items for a user of purchase power `referencePowerLevel`. */
  logMean: number;
  logSd: number;
  /** Share of premium items, their log-mean above `logMean`, and their log-sd. */
  tailShare: number;
  tailLogMeanOffset: number;
  tailLogSd: number;
  /** Shift of log(price) per purchase-power level above the reference (the platform shows richer users pricier items). */
  logShiftPerPowerLevel: number;
  referencePowerLevel: number;
  maxYuan: number;
  /** Share of prices rounded to whole yuan (`29.0`); the others to 0.1 yuan or, with `centShare`, to cents. */
  wholeYuanShare: number;
  centShare: number;
}

/** How a user clicks: P(click) = min(1, ctr · multiplier · positionFactor). */
export interface ClickParams {
  /** Scale of the platform's ctr to the simulated click probability (calibrates the 3 % click rate). */
  ctrScale: number;
  /** Weight of the latent intent z on log of the click multiplier. */
  intentWeight: number;
  /** Position factor falls linearly from 1 + boost/2 at the top of the page to 1 − boost/2 at the bottom. */
  topPositionBoost: number;
  /** Amplitude of the hour-of-day effect on log of the click multiplier (peak at `peakHour`). */
  hourAmplitude: number;
  peakHour: number;
  /** Share of pages the user only skims (hidden per page): click probabilities times `skimClickFactor`. */
  skimPageShare: number;
  skimClickFactor: number;
  /** Probability of an add-to-cart, and of an add-to-favourites, given a click (before intent). */
  cartGivenClick: number;
  favGivenClick: number;
  /** Weight of z on log of the cart/fav probabilities. */
  saveIntentWeight: number;
}

/** Purchases: P(buy | click) = min(1, cvr · scale · e^(power·… + intent·z)) · priceAcceptance(price). */
export interface PurchaseParams {
  cvrScale: number;
  /** Log-scale effect per purchase-power level above the reference level of the price params. */
  perPowerLevel: number;
  intentWeight: number;
  /** priceAcceptance = 1 / (1 + (price / affordable)^elasticity), affordable = affordableYuan · e^(affordablePerPowerLevel · power). */
  affordableYuan: number;
  affordablePerPowerLevel: number;
  priceElasticity: number;
}

/** The churn hazard: logit P(this page is the last) — rises with depth, falls with engagement. */
export interface HazardParams {
  baseLogit: number;
  /** Extra logit on page 0 (users who glance and leave). */
  firstPageBounce: number;
  /** Logit added per page of depth. */
  perDepth: number;
  /** Logit per click on the page, clicks counted up to `clickCap`. */
  perClick: number;
  clickCap: number;
  /** Logit per add-to-cart or add-to-favourites on the page, counted up to `saveCap`. */
  perSave: number;
  saveCap: number;
  /** Logit when the page had a purchase (the errand is done). */
  afterPurchase: number;
  /** Logit per unit of latent intent z (negative: intent keeps users). */
  intentWeight: number;
  /** Amplitude of the hour effect on the logit, highest at `peakHour`. */
  hourAmplitude: number;
  peakHour: number;
  /** Logit per age level above 4. */
  perAgeLevel: number;
}

/** Every knob of the simulator. */
export interface SimulatorParams {
  profile: ProfileParams;
  /** Relative traffic by hour 0–23; the hour of a session's requests. */
  hourWeights: readonly number[];
  /** Standard deviation of the latent per-session intent z ~ N(0, sd²) (never written to the log). */
  intentSd: number;
  /** Share of pages with fewer than 50 real items, and the smallest such page (sizes uniform up to 49). */
  shortPageShare: number;
  shortPageMinItems: number;
  price: PriceParams;
  ctr: RateParams;
  cvr: RateParams;
  click: ClickParams;
  purchase: PurchaseParams;
  hazard: HazardParams;
}

/** Defaults calibrated against DATA.md's figures of the real sample (see docs/simulator.md). */
export const DEFAULT_SIMULATOR_PARAMS: SimulatorParams = {
  profile: {
    ageLevelWeights: [2, 6, 18, 24, 20, 14, 9, 5, 2],
    genderWeights: [46, 50, 4],
    purchasePowerWeights: [3, 8, 12, 16, 20, 18, 14, 9],
  },
  hourWeights: [
    3, 2, 1.2, 0.8, 0.6, 0.7, 1.2, 2.2, 3.2, 4, 4.4, 4.6, 4.8, 4.4, 4.3, 4.4, 4.5, 4.6, 4.8, 5.3, 6, 6.5, 6.2,
    4.6,
  ],
  intentSd: 1,
  shortPageShare: 0.4,
  shortPageMinItems: 16,
  price: {
    logMean: 4.15,
    logSd: 1,
    tailShare: 0.04,
    tailLogMeanOffset: 2.85,
    tailLogSd: 1,
    logShiftPerPowerLevel: 0.05,
    referencePowerLevel: 4,
    maxYuan: 10_000,
    wholeYuanShare: 0.64,
    centShare: 0.05,
  },
  ctr: { median: 0.031, logSd: 0.78, max: 0.3, zeroShare: 0.02 },
  cvr: { median: 0.002, logSd: 1.42, max: 0.2, zeroShare: 0.02 },
  click: {
    ctrScale: 0.55,
    intentWeight: 0.7,
    topPositionBoost: 0.6,
    hourAmplitude: 0.15,
    peakHour: 21,
    skimPageShare: 0.25,
    skimClickFactor: 0.1,
    cartGivenClick: 0.08,
    favGivenClick: 0.06,
    saveIntentWeight: 0.3,
  },
  purchase: {
    cvrScale: 1,
    perPowerLevel: 0.2,
    intentWeight: 0.4,
    affordableYuan: 150,
    affordablePerPowerLevel: 0.25,
    priceElasticity: 1.2,
  },
  hazard: {
    baseLogit: -1.55,
    firstPageBounce: 1.6,
    perDepth: 0.15,
    perClick: -0.3,
    clickCap: 4,
    perSave: -0.4,
    saveCap: 2,
    afterPurchase: 0.3,
    intentWeight: -0.5,
    hourAmplitude: 0.2,
    peakHour: 2,
    perAgeLevel: -0.04,
  },
};

/** Overrides of any knob: whole lists, or single fields of a group (`{ price: { logMean: 4.6 } }`). */
export type SimulatorParamsOverride = {
  [K in keyof SimulatorParams]?: SimulatorParams[K] extends readonly number[]
    ? SimulatorParams[K]
    : SimulatorParams[K] extends object
      ? Partial<SimulatorParams[K]>
      : SimulatorParams[K];
};
