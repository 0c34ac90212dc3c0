import { DEFAULT_SIMULATOR_PARAMS, type SimulatorParams, type SimulatorParamsOverride } from './params.ts';

/** A knob outside its valid range; the message names the knob and the range. */
export class SimulatorParamsError extends RangeError {
  override name = 'SimulatorParamsError';
}

function check(ok: boolean, knob: string, value: unknown, rule: string): void {
  if (!ok) {
    throw new SimulatorParamsError(`simulator params: ${knob} = ${JSON.stringify(value)}; ${rule}.`);
  }
}

function checkWeights(knob: string, weights: readonly number[], length: number): void {
  check(
    weights.length === length &&
      weights.every((w) => Number.isFinite(w) && w >= 0) &&
      weights.some((w) => w > 0),
    knob,
    weights,
    `give ${length} finite weights ≥ 0, not all 0`,
  );
}

/** A misspelt knob would otherwise be ignored silently: name it and list the valid ones. */
function rejectUnknownKnobs(override: SimulatorParamsOverride): void {
  const defaults = DEFAULT_SIMULATOR_PARAMS as unknown as Record<string, unknown>;
  for (const [group, value] of Object.entries(override)) {
    if (!(group in defaults)) {
      throw new SimulatorParamsError(
        `simulator params: unknown knob "${group}"; known: ${Object.keys(defaults).join(', ')}.`,
      );
    }
    const groupDefaults = defaults[group];
    if (value === undefined || Array.isArray(groupDefaults) || typeof groupDefaults !== 'object') continue;
    for (const knob of Object.keys(value as object)) {
      if (!(knob in (groupDefaults as object))) {
        throw new SimulatorParamsError(
          `simulator params: unknown knob "${group}.${knob}"; known: ${Object.keys(groupDefaults as object).join(', ')}.`,
        );
      }
    }
  }
}

const probability = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
const positive = (x: number) => Number.isFinite(x) && x > 0;
const finite = (x: number) => Number.isFinite(x);

/**
 * Merge overrides into the defaults (group by group) and validate every knob.
 *
 * @example
 * const params = resolveSimulatorParams({ price: { logMean: 4.6 } }); // pricier items, all else default
 */
export function resolveSimulatorParams(override: SimulatorParamsOverride = {}): SimulatorParams {
  const d = DEFAULT_SIMULATOR_PARAMS;
  rejectUnknownKnobs(override);
  const p: SimulatorParams = {
    profile: { ...d.profile, ...override.profile },
    hourWeights: override.hourWeights ?? d.hourWeights,
    intentSd: override.intentSd ?? d.intentSd,
    shortPageShare: override.shortPageShare ?? d.shortPageShare,
    shortPageMinItems: override.shortPageMinItems ?? d.shortPageMinItems,
    price: { ...d.price, ...override.price },
    ctr: { ...d.ctr, ...override.ctr },
    cvr: { ...d.cvr, ...override.cvr },
    click: { ...d.click, ...override.click },
    purchase: { ...d.purchase, ...override.purchase },
    hazard: { ...d.hazard, ...override.hazard },
  };
  checkWeights('profile.ageLevelWeights', p.profile.ageLevelWeights, 9);
  checkWeights('profile.genderWeights', p.profile.genderWeights, 3);
  checkWeights('profile.purchasePowerWeights', p.profile.purchasePowerWeights, 8);
  checkWeights('hourWeights', p.hourWeights, 24);
  check(Number.isFinite(p.intentSd) && p.intentSd >= 0, 'intentSd', p.intentSd, 'must be ≥ 0');
  check(probability(p.shortPageShare), 'shortPageShare', p.shortPageShare, 'must be in 0–1');
  check(
    Number.isInteger(p.shortPageMinItems) && p.shortPageMinItems >= 1 && p.shortPageMinItems <= 49,
    'shortPageMinItems',
    p.shortPageMinItems,
    'must be an integer in 1–49',
  );
  for (const name of ['ctr', 'cvr'] as const) {
    const rate = p[name];
    check(positive(rate.median) && rate.median < 1, `${name}.median`, rate.median, 'must be in (0, 1)');
    check(Number.isFinite(rate.logSd) && rate.logSd > 0, `${name}.logSd`, rate.logSd, 'must be > 0');
    check(positive(rate.max) && rate.max <= 1, `${name}.max`, rate.max, 'must be in (0, 1]');
    check(probability(rate.zeroShare), `${name}.zeroShare`, rate.zeroShare, 'must be in 0–1');
  }
  const { price, click, purchase, hazard } = p;
  check(finite(price.logMean), 'price.logMean', price.logMean, 'must be finite');
  check(positive(price.logSd), 'price.logSd', price.logSd, 'must be > 0');
  check(
    finite(price.logShiftPerPowerLevel),
    'price.logShiftPerPowerLevel',
    price.logShiftPerPowerLevel,
    'must be finite',
  );
  check(
    finite(price.referencePowerLevel),
    'price.referencePowerLevel',
    price.referencePowerLevel,
    'must be finite',
  );
  check(
    price.maxYuan >= 10 && Number.isFinite(price.maxYuan),
    'price.maxYuan',
    price.maxYuan,
    'must be ≥ 10',
  );
  check(probability(price.wholeYuanShare), 'price.wholeYuanShare', price.wholeYuanShare, 'must be in 0–1');
  check(probability(price.centShare), 'price.centShare', price.centShare, 'must be in 0–1');
  check(
    price.wholeYuanShare + price.centShare <= 1,
    'price.wholeYuanShare + price.centShare',
    price.wholeYuanShare + price.centShare,
    'must be ≤ 1',
  );
  check(positive(click.ctrScale), 'click.ctrScale', click.ctrScale, 'must be > 0');
  check(
    click.topPositionBoost >= 0 && click.topPositionBoost < 2,
    'click.topPositionBoost',
    click.topPositionBoost,
    'must be in [0, 2)',
  );
  check(probability(click.skimPageShare), 'click.skimPageShare', click.skimPageShare, 'must be in 0–1');
  check(probability(click.skimClickFactor), 'click.skimClickFactor', click.skimClickFactor, 'must be in 0–1');
  check(probability(click.cartGivenClick), 'click.cartGivenClick', click.cartGivenClick, 'must be in 0–1');
  check(probability(click.favGivenClick), 'click.favGivenClick', click.favGivenClick, 'must be in 0–1');
  for (const [knob, value] of [
    ['click.intentWeight', click.intentWeight],
    ['click.hourAmplitude', click.hourAmplitude],
    ['click.peakHour', click.peakHour],
    ['click.saveIntentWeight', click.saveIntentWeight],
    ['purchase.perPowerLevel', purchase.perPowerLevel],
    ['purchase.intentWeight', purchase.intentWeight],
    ['purchase.affordablePerPowerLevel', purchase.affordablePerPowerLevel],
    ['purchase.priceElasticity', purchase.priceElasticity],
    ['hazard.baseLogit', hazard.baseLogit],
    ['hazard.firstPageBounce', hazard.firstPageBounce],
    ['hazard.perDepth', hazard.perDepth],
    ['hazard.perClick', hazard.perClick],
    ['hazard.perSave', hazard.perSave],
    ['hazard.afterPurchase', hazard.afterPurchase],
    ['hazard.intentWeight', hazard.intentWeight],
    ['hazard.hourAmplitude', hazard.hourAmplitude],
    ['hazard.peakHour', hazard.peakHour],
    ['hazard.perAgeLevel', hazard.perAgeLevel],
  ] as const) {
    check(finite(value), knob, value, 'must be a finite number');
  }
  check(positive(purchase.cvrScale), 'purchase.cvrScale', purchase.cvrScale, 'must be > 0');
  check(positive(purchase.affordableYuan), 'purchase.affordableYuan', purchase.affordableYuan, 'must be > 0');
  for (const knob of ['clickCap', 'saveCap'] as const) {
    const cap = hazard[knob];
    check(
      Number.isInteger(cap) && cap >= 1 && cap <= 50,
      `hazard.${knob}`,
      cap,
      'must be an integer in 1–50',
    );
  }
  return p;
}
