import { z } from 'zod';
import type { ModelArtifact, Predictor } from '../estimator.ts';
import { loadPredictor } from '../inference/index.ts';
import { parseArtifact } from '../inference/parseArtifact.ts';
import { type BgNbdArtifact, BgNbdModel } from './BgNbdModel.ts';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdProbabilityAlive,
  bgNbdProbabilityOfPurchase,
} from './bgNbd.ts';
import { type GammaGammaArtifact, GammaGammaModel } from './GammaGammaModel.ts';
import { gammaGammaExpectedSpend } from './gammaGamma.ts';
import { type LifetimeValueOptions, lifetimeValue } from './lifetimeValue.ts';

/** How a customer-value model measures time and values customers. */
export interface CustomerValueSettings {
  /** Days per time unit of BG/NBD's tₓ and T (7 = weeks). */
  timeUnitDays: number;
  /** The prediction horizon of expected purchases/spend and of the supervised model, in days. */
  horizonDays: number;
  /** CLV: horizon in days, discounting periods, discount rate per period and margin. */
  lifetime: { horizonDays: number; periods: number; discountRatePerPeriod: number; margin: number };
}

/**
 * The served customer model: BG/NBD × Gamma-Gamma for lifetime value, and the supervised models of
 * the horizon (purchase flag: a classifier; spend: a Tweedie regressor) on the customer features.
 */
export type CustomerValueArtifact = ModelArtifact<
  'customer-value',
  CustomerValueSettings,
  {
    bgnbd: BgNbdArtifact;
    gammaGamma: GammaGammaArtifact;
    purchaseModel: ModelArtifact;
    spendModel: ModelArtifact;
  }
>;

const innerArtifact = z.object({
  kind: z.string(),
  schemaVersion: z.number().int(),
  featureNames: z.array(z.string()),
  params: z.unknown(),
  state: z.unknown(),
});

const customerValueSchema = z.object({
  kind: z.literal('customer-value'),
  schemaVersion: z.literal(1),
  featureNames: z.array(z.string()),
  params: z.object({
    timeUnitDays: z.number().positive(),
    horizonDays: z.number().int().positive(),
    lifetime: z.object({
      horizonDays: z.number().int().positive(),
      periods: z.number().int().positive(),
      discountRatePerPeriod: z.number().gt(-1),
      margin: z.number().positive(),
    }),
  }),
  state: z.object({
    bgnbd: innerArtifact,
    gammaGamma: innerArtifact,
    purchaseModel: innerArtifact,
    spendModel: innerArtifact,
  }),
});

/** One customer's repeat-purchase history in the model's time unit (tₓ, T) and mean repeat spend. */
export interface CustomerHistory {
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** Everything the service says about one customer. */
export interface CustomerValuePrediction {
  probabilityAlive: number;
  /** BG/NBD: expected purchases and P(at least one) in the horizon. */
  expectedPurchases: number;
  purchaseProbability: number;
  /** Gamma-Gamma: expected spend per future purchase. */
  expectedSpendPerPurchase: number;
  /** expectedPurchases × expectedSpendPerPurchase. */
  expectedSpend: number;
  /** Discounted margin over the lifetime horizon. */
  lifetimeValue: number;
  /** The supervised models on the customer features. */
  supervised: { purchaseProbability: number; spend: number };
}

/**
 * Scores customers with a customer-value artifact; only inference code (the API uses it).
 *
 * @example
 * const predictor = new CustomerValuePredictor(bundle.artifact);
 * predictor.predict({ x: 2, tx: 30.43, T: 38.86, zbar: 22.35 }, featureRow);
 */
export class CustomerValuePredictor {
  readonly settings: CustomerValueSettings;
  readonly featureNames: readonly string[];
  readonly purchaseModel: Predictor;
  readonly spendModel: Predictor;
  readonly bgnbd: BgNbdModel;
  readonly gammaGamma: GammaGammaModel;

  constructor(artifact: unknown) {
    const parsed = parseArtifact(customerValueSchema, artifact, 'customer-value');
    this.settings = parsed.params;
    this.featureNames = parsed.featureNames;
    this.bgnbd = BgNbdModel.fromJSON(parsed.state.bgnbd);
    this.gammaGamma = GammaGammaModel.fromJSON(parsed.state.gammaGamma);
    this.purchaseModel = loadPredictor(parsed.state.purchaseModel);
    this.spendModel = loadPredictor(parsed.state.spendModel);
    for (const model of [this.purchaseModel, this.spendModel]) {
      if (model.featureNames.join() !== this.featureNames.join()) {
        throw new Error(
          `Invalid customer-value artifact: the ${model.kind} model's features differ from the artifact's; re-export it.`,
        );
      }
    }
  }

  predict(history: CustomerHistory, features: Float64Array): CustomerValuePrediction {
    const { x, tx, T } = history;
    const zbar = x > 0 ? history.zbar : 0;
    const { timeUnitDays, horizonDays, lifetime } = this.settings;
    const bgnbd = this.bgnbd.parameters;
    const horizon = horizonDays / timeUnitDays;
    const expectedPurchases = bgNbdConditionalExpectedPurchases(bgnbd, horizon, x, tx, T);
    const expectedSpendPerPurchase = gammaGammaExpectedSpend(this.gammaGamma.parameters, x, zbar);
    const options: LifetimeValueOptions = {
      horizon: lifetime.horizonDays / timeUnitDays,
      periods: lifetime.periods,
      discountRatePerPeriod: lifetime.discountRatePerPeriod,
      margin: lifetime.margin,
    };
    return {
      probabilityAlive: bgNbdProbabilityAlive(bgnbd, x, tx, T),
      expectedPurchases,
      purchaseProbability: bgNbdProbabilityOfPurchase(bgnbd, horizon, x, tx, T),
      expectedSpendPerPurchase,
      expectedSpend: expectedPurchases * expectedSpendPerPurchase,
      lifetimeValue: lifetimeValue(bgnbd, expectedSpendPerPurchase, x, tx, T, options),
      supervised: {
        purchaseProbability: this.purchaseModel.predictRow(features),
        spend: this.spendModel.predictRow(features),
      },
    };
  }
}
