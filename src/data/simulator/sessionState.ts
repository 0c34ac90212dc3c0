import type { SeededRandom } from '../../ml/random.ts';
import type { Profile } from '../../session/index.ts';
import { affordableYuan, priceLogMean, type SimulatorTables } from './tables.ts';

/**
 * What the simulator knows about one session and never writes: the latent intent and every
 * per-session quantity derived from it, the profile and the hour. Pages and the oracle both read it.
 */
export interface SessionState {
  profile: Profile;
  hour: number;
  /** Latent intent z ~ N(0, intentSd²): raises clicks, saves and purchases, lowers the hazard. */
  intent: number;
  /** P(click) = min(1, ctr · clickMultiplier · positionFactor[offset]). */
  clickMultiplier: number;
  cartProbability: number;
  favProbability: number;
  /** P(buy | click) = min(1, cvr · buyMultiplier) · acceptance(price). */
  buyMultiplier: number;
  priceLogMean: number;
  affordableYuan: number;
  /** Hazard logit of this session before depth and page engagement. */
  hazardLogit: number;
}

const TWO_PI_OVER_24 = (2 * Math.PI) / 24;

/** cos of the hour's angle from a peak hour: 1 at the peak, −1 twelve hours away. */
function hourWave(hour: number, peakHour: number): number {
  return Math.cos((hour - peakHour) * TWO_PI_OVER_24);
}

/**
 * Draw a session's profile, hour and intent, and derive its state.
 *
 * @example
 * const state = drawSessionState(rng, tables);
 */
export function drawSessionState(rng: SeededRandom, tables: SimulatorTables): SessionState {
  const profile: Profile = {
    ageLevel: rng.categorical(tables.ageLevelCumulative),
    gender: rng.categorical(tables.genderCumulative),
    purchasePower: rng.categorical(tables.purchasePowerCumulative),
  };
  const hour = rng.categorical(tables.hourCumulative);
  const intent = tables.params.intentSd * rng.normal();
  return sessionStateOf(profile, hour, intent, tables);
}

/** The state of a session with a given profile, hour and intent (used by draws and by tests). */
export function sessionStateOf(
  profile: Profile,
  hour: number,
  intent: number,
  tables: SimulatorTables,
): SessionState {
  const { click, purchase, hazard, price } = tables.params;
  return {
    profile,
    hour,
    intent,
    clickMultiplier:
      click.ctrScale *
      Math.exp(click.intentWeight * intent + click.hourAmplitude * hourWave(hour, click.peakHour)),
    cartProbability: Math.min(1, click.cartGivenClick * Math.exp(click.saveIntentWeight * intent)),
    favProbability: Math.min(1, click.favGivenClick * Math.exp(click.saveIntentWeight * intent)),
    buyMultiplier:
      purchase.cvrScale *
      Math.exp(
        purchase.perPowerLevel * (profile.purchasePower - price.referencePowerLevel) +
          purchase.intentWeight * intent,
      ),
    priceLogMean: priceLogMean(tables.params, profile.purchasePower),
    affordableYuan: affordableYuan(tables.params, profile.purchasePower),
    hazardLogit:
      hazard.baseLogit +
      hazard.intentWeight * intent +
      hazard.hourAmplitude * hourWave(hour, hazard.peakHour) +
      hazard.perAgeLevel * (profile.ageLevel - 4),
  };
}
