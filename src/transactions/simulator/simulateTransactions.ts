import { SeededRandom } from '../../ml/random.ts';
import { betaVariate, gammaVariate } from '../../ml/variates.ts';
import { dayNumber } from '../dates.ts';
import { type TransactionLog, TransactionLogBuilder } from '../transactionLog.ts';

/** The generative process of the simulator: BG/NBD (or Pareto/NBD) purchases × Gamma-Gamma spend, per week. */
export interface TransactionSimulatorParams {
  customers: number;
  seed: number;
  /** BG/NBD: weekly purchase rate λ ~ Gamma(r, α), drop-out after each repeat purchase p ~ Beta(a, b). */
  bgnbd: { r: number; alpha: number; a: number; b: number };
  /**
   * Pareto/NBD instead of BG/NBD when set: weekly purchase rate λ ~ Gamma(r, α) and an exponential
   * lifetime (in weeks, from the first purchase) of rate μ ~ Gamma(s, β); `bgnbd` is then unused.
   */
  paretoNbd: { r: number; alpha: number; s: number; beta: number } | null;
  /** Gamma-Gamma: spend per purchase ~ Gamma(p, ν), ν ~ Gamma(q, v). */
  gammaGamma: { p: number; q: number; v: number };
  /** Day of the first possible purchase (days since 1970-01-01). */
  startDay: number;
  /** First purchases are uniform over this many days from `startDay` (a rolling acquisition). */
  acquisitionDays: number;
  /** The log ends this many days after `startDay` (the last day is startDay + observationDays − 1). */
  observationDays: number;
  /** Yearly seasonality of the purchase rate: λ(t) = λ (1 + amplitude · cos(2π (day-of-year − peak) / 365.25)). 0 = none. */
  seasonalityAmplitude: number;
  seasonalityPeakDayOfYear: number;
}

/** Parameters close to the CDNOW estimates (FHL 2005), observed for two years. */
export const DEFAULT_SIMULATOR_PARAMS: Readonly<TransactionSimulatorParams> = {
  customers: 10_000,
  seed: 42,
  bgnbd: { r: 0.25, alpha: 4.5, a: 0.8, b: 2.5 },
  paretoNbd: null,
  gammaGamma: { p: 6, q: 4, v: 15 },
  startDay: dayNumber(2024, 1, 1),
  acquisitionDays: 84,
  observationDays: 730,
  seasonalityAmplitude: 0,
  seasonalityPeakDayOfYear: 340,
};

/** Each simulated customer's latent truth, for oracle comparisons (index = customer index of the log). */
export interface SimulatedCustomerTruth {
  /** Weekly purchase rate λ. */
  purchaseRate: Float64Array;
  /** BG/NBD's drop-out probability per repeat purchase (0 under Pareto/NBD). */
  dropoutProbability: Float64Array;
  /** Pareto/NBD's weekly drop-out rate μ (0 under BG/NBD). */
  dropoutRate: Float64Array;
  /** Expected spend per purchase p / ν. */
  meanSpend: Float64Array;
  /** Day of the drop-out, or −1 when still alive at the end of the log. */
  dropoutDay: Float64Array;
  /**
   * The exact continuous-time history at the end of the log, before purchases are rounded to days and
   * same-day purchases merged: repeat purchases `x`, `tx` and `T` in weeks, mean repeat spend `zbar`
   * (unrounded). What BG/NBD × Gamma-Gamma assume exactly: parameter-recovery tests fit on it.
   */
  exact: { x: Float64Array; tx: Float64Array; T: Float64Array; zbar: Float64Array };
}

export interface SimulatedTransactions {
  log: TransactionLog;
  truth: SimulatedCustomerTruth;
  params: TransactionSimulatorParams;
}

const DAYS_PER_WEEK = 7;

/**
 * Draw customers from the BG/NBD × Gamma-Gamma process with known parameters: a first purchase on a
 * uniform day of the acquisition window, then purchases at rate λ (thinned by the seasonality when
 * set), a drop-out with probability p after each repeat purchase (or, with `paretoNbd`, at the end of
 * an exponential lifetime), and a spend per purchase of Gamma(p, ν) rounded to cents. Same seed, same log.
 *
 * @example
 * const { log, truth } = simulateTransactions({ customers: 1000, seed: 7 });
 */
export function simulateTransactions(
  overrides: Partial<TransactionSimulatorParams> = {},
): SimulatedTransactions {
  const params = { ...DEFAULT_SIMULATOR_PARAMS, ...overrides };
  checkParams(params);
  const { customers, bgnbd, gammaGamma, startDay, acquisitionDays, observationDays } = params;
  const amplitude = params.seasonalityAmplitude;
  const seeded = new SeededRandom(params.seed);
  const rng = () => seeded.uniform();
  const builder = new TransactionLogBuilder();
  builder.setCustomerIds(Array.from({ length: customers }, (_, i) => String(i + 1)));
  const truth: SimulatedCustomerTruth = {
    purchaseRate: new Float64Array(customers),
    dropoutProbability: new Float64Array(customers),
    dropoutRate: new Float64Array(customers),
    meanSpend: new Float64Array(customers),
    dropoutDay: new Float64Array(customers),
    exact: {
      x: new Float64Array(customers),
      tx: new Float64Array(customers),
      T: new Float64Array(customers),
      zbar: new Float64Array(customers),
    },
  };
  const { exact } = truth;
  const endDay = observationDays; // relative to startDay, exclusive
  const pareto = params.paretoNbd;
  for (let c = 0; c < customers; c++) {
    // The BG/NBD draws keep their order (same seed, same log as before Pareto/NBD was added).
    const lambda = pareto
      ? gammaVariate(rng, pareto.r, pareto.alpha)
      : gammaVariate(rng, bgnbd.r, bgnbd.alpha);
    const dropout = pareto ? 0 : betaVariate(rng, bgnbd.a, bgnbd.b);
    const mu = pareto ? gammaVariate(rng, pareto.s, pareto.beta) : 0;
    const nu = gammaVariate(rng, gammaGamma.q, gammaGamma.v);
    truth.purchaseRate[c] = lambda;
    truth.dropoutProbability[c] = dropout;
    truth.dropoutRate[c] = mu;
    truth.meanSpend[c] = gammaGamma.p / nu;
    truth.dropoutDay[c] = -1;
    let t = rng() * acquisitionDays; // days since startDay, continuous
    const birth = t;
    let repeatSpend = 0;
    let repeats = 0;
    builder.addIndexed(c, startDay + Math.floor(t), toCents(gammaVariate(rng, gammaGamma.p, nu)));
    // Pareto/NBD: the customer leaves at birth + an exponential lifetime, whatever they buy.
    const deathDay = pareto ? birth + (-Math.log(1 - rng()) / mu) * DAYS_PER_WEEK : Number.POSITIVE_INFINITY;
    // Thinning (Lewis & Shedler): propose at the peak rate, keep with the seasonal share of it.
    const peakRatePerDay = (lambda * (1 + amplitude)) / DAYS_PER_WEEK;
    for (;;) {
      t += -Math.log(1 - rng()) / peakRatePerDay; // exponential waiting time
      if (t >= endDay) break;
      if (t >= deathDay) {
        truth.dropoutDay[c] = startDay + Math.floor(deathDay);
        break;
      }
      if (amplitude > 0 && rng() * (1 + amplitude) > seasonalFactor(params, startDay + t)) continue;
      const spend = gammaVariate(rng, gammaGamma.p, nu);
      builder.addIndexed(c, startDay + Math.floor(t), toCents(spend));
      repeats++;
      repeatSpend += spend;
      exact.tx[c] = (t - birth) / DAYS_PER_WEEK;
      if (!pareto && rng() < dropout) {
        truth.dropoutDay[c] = startDay + Math.floor(t);
        break;
      }
    }
    exact.x[c] = repeats;
    exact.T[c] = (endDay - birth) / DAYS_PER_WEEK;
    exact.zbar[c] = repeats > 0 ? repeatSpend / repeats : 0;
  }
  return { log: builder.build(), truth, params };
}

function toCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function seasonalFactor(params: TransactionSimulatorParams, day: number): number {
  const dayOfYear = ((day % 365.25) + 365.25) % 365.25;
  return (
    1 +
    params.seasonalityAmplitude *
      Math.cos((2 * Math.PI * (dayOfYear - params.seasonalityPeakDayOfYear)) / 365.25)
  );
}

function checkParams(params: TransactionSimulatorParams): void {
  const { customers, bgnbd, gammaGamma, acquisitionDays, observationDays, seasonalityAmplitude } = params;
  const positives = { ...bgnbd, ...params.paretoNbd, ...gammaGamma, acquisitionDays, observationDays };
  for (const [name, value] of Object.entries(positives)) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`simulateTransactions: ${name} must be a finite number > 0 (got ${value}).`);
    }
  }
  if (!(Number.isInteger(customers) && customers >= 1)) {
    throw new RangeError(`simulateTransactions: customers must be an integer ≥ 1 (got ${customers}).`);
  }
  if (acquisitionDays > observationDays) {
    throw new RangeError(
      `simulateTransactions: acquisitionDays (${acquisitionDays}) must not exceed observationDays (${observationDays}).`,
    );
  }
  if (!(seasonalityAmplitude >= 0 && seasonalityAmplitude < 1)) {
    throw new RangeError(
      `simulateTransactions: seasonalityAmplitude must be in [0, 1) (got ${seasonalityAmplitude}).`,
    );
  }
}
