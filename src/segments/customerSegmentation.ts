import { z } from 'zod';
import type { CustomerFeatureName } from '../customers/features.ts';
import {
  clusterNames,
  type MixtureSegmentation,
  mixtureClusterScorer,
  mixtureSegments,
} from './mixtureSegments.ts';
import {
  assignSegments,
  profileTable,
  type SegmentProfile,
  type SegmentThresholds,
  segmentOf,
} from './namedSegments.ts';
import { type RfmScores, rfmScores } from './rfm.ts';
import { SEGMENT_NAMES, type SegmentConfig, type SegmentName } from './segmentConfig.ts';

/**
 * What the segments judge one customer on. The first four come from the transactions up to the
 * cut-off (the customer features of the same name; `recentPurchases` is `purchases<recentDays>d`),
 * the last two from the fitted models.
 */
export interface SegmentFacts {
  recencyDays: number;
  /** Repeat purchases x. */
  frequency: number;
  /** Spend per purchase day, the first included (the RFM monetary value). */
  meanSpend: number;
  /** Spend so far (the churn-risk rule's past value). */
  totalSpend: number;
  /** Purchase days in the last `thresholds.recentDays` (the missed-opportunity rule). */
  recentPurchases: number;
  pAlive: number;
  /** The predicted value the segments rank by (`clv.measure` of the segmentation). */
  clv: number;
}

/** The same facts for a population, one slot per customer. */
export type SegmentPopulation = { [K in keyof SegmentFacts]: Float64Array };

/** The customer feature holding the purchase-day count of each recent window. */
export const RECENT_PURCHASES_FEATURE = {
  30: 'purchases30d',
  90: 'purchases90d',
  180: 'purchases180d',
} as const satisfies Record<30 | 90 | 180, CustomerFeatureName>;

/**
 * A population's facts from its customer-feature columns and the models' P(alive) and CLV.
 *
 * @example
 * const population = segmentPopulation(summary.features, { pAlive, clv, recentDays: 90 });
 */
export function segmentPopulation(
  features: Readonly<Record<CustomerFeatureName, Float64Array>>,
  { pAlive, clv, recentDays }: { pAlive: Float64Array; clv: Float64Array; recentDays: 30 | 90 | 180 },
): SegmentPopulation {
  return {
    recencyDays: features.recencyDays,
    frequency: features.frequency,
    meanSpend: features.meanSpend,
    totalSpend: features.totalSpend,
    recentPurchases: features[RECENT_PURCHASES_FEATURE[recentDays]],
    pAlive,
    clv,
  };
}

const amount = z.number();
/** Four cut values per RFM column; null where no training customer reached that score. */
const quintileEdges = z.array(z.number().nullable()).length(4);
const profile = z.object({
  segment: z.string(),
  customers: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  // An empty group has no means (null in JSON).
  meanRecencyDays: z.number().nullable(),
  meanFrequency: z.number().nullable(),
  meanSpend: z.number().nullable(),
  meanClv: z.number().nullable(),
  meanPAlive: z.number().nullable(),
});
export type StoredProfile = z.infer<typeof profile>;

/**
 * Everything needed to place one more customer into the segments, as plain JSON: the named
 * segments' thresholds in money, the RFM quintile edges and the Gaussian mixture with its scaling,
 * all computed on a training population, plus that population's profiles. Stored in the
 * customer-value bundle (`segmentation`) and in the segments CLI's segmentation.json.
 */
export const CustomerSegmentationSchema = z.object({
  kind: z.literal('customer-segmentation'),
  schemaVersion: z.literal(2),
  /** The value the segments rank by: the API's lifetimeValue, or predicted revenue over horizonDays. */
  clv: z.object({
    measure: z.enum(['lifetimeValue', 'predictedRevenue']),
    horizonDays: z.number().int().positive(),
  }),
  /** Training customers the thresholds, edges and mixture were computed on. */
  customers: z.number().int().positive(),
  thresholds: z.object({
    pastValueAtLeast: amount,
    pAliveBelow: z.number().gt(0).lt(1),
    highValueClvAtLeast: amount,
    promisingClvAtLeast: amount,
    recentDays: z.union([z.literal(30), z.literal(90), z.literal(180)]),
    maxRecentPurchases: z.number().int().nonnegative(),
  }),
  /**
   * Per column, the smallest training value of each ascending score 2…5: a value scores
   * 1 + (edges it reaches). Recency is scored the other way round (score = 6 − that).
   */
  rfmEdges: z.object({ recencyDays: quintileEdges, frequency: quintileEdges, monetary: quintileEdges }),
  mixture: z
    .object({
      /** A gaussian-mixture artifact (src/ml/mixture): its own schema checks it when a placer is built. */
      artifact: z.unknown(),
      scaling: z.object({
        mean: z.array(z.number()).length(4),
        sd: z.array(z.number().positive()).length(4),
      }),
      /** Mixture component of each cluster; cluster 0 has the highest mean CLV. */
      componentOfCluster: z.array(z.number().int().nonnegative()).min(1),
    })
    .refine((m) => [...m.componentOfCluster].sort((a, b) => a - b).every((component, i) => component === i), {
      message: 'componentOfCluster must be a permutation of 0…k−1',
      path: ['componentOfCluster'],
    }),
  /** The training population per named segment (SEGMENT_NAMES order) and per cluster. */
  profiles: z.object({ segments: z.array(profile), clusters: z.array(profile) }),
});
export type CustomerSegmentation = z.infer<typeof CustomerSegmentationSchema>;

/** Where one customer falls. */
export interface CustomerPlacement {
  segment: SegmentName;
  /** RFM quintile scores, 5 = most recent, most frequent, highest spend per purchase. */
  rfm: { recency: number; frequency: number; monetary: number };
  /** Mixture cluster, 1 = highest mean CLV (the reports' "cluster 1"), and its posterior probability. */
  cluster: { id: number; probability: number };
}

/**
 * The one placement of a customer: named segment (segmentOf on the stored thresholds), RFM scores
 * (the stored edges) and mixture cluster. The segments CLI places every customer with it, the API
 * one per request.
 *
 * @example
 * const place = segmentPlacer(model.segmentation);
 * place({ recencyDays: 12, frequency: 3, meanSpend: 30, totalSpend: 120, recentPurchases: 1, pAlive: 0.9, clv: 85 });
 */
export function segmentPlacer(
  segmentation: CustomerSegmentation,
): (facts: SegmentFacts) => CustomerPlacement {
  const clusterOf = mixtureClusterScorer(segmentation.mixture);
  const { thresholds, rfmEdges } = segmentation;
  return function placeCustomer(facts: SegmentFacts): CustomerPlacement {
    const { cluster, probability } = clusterOf(facts);
    return {
      segment: SEGMENT_NAMES[segmentOf({ ...facts, pastValue: facts.totalSpend }, thresholds)]!,
      rfm: {
        recency: 6 - ascendingScore(facts.recencyDays, rfmEdges.recencyDays),
        frequency: ascendingScore(facts.frequency, rfmEdges.frequency),
        monetary: ascendingScore(facts.meanSpend, rfmEdges.monetary),
      },
      cluster: { id: cluster + 1, probability },
    };
  };
}

function ascendingScore(value: number, edges: readonly (number | null)[]): number {
  let score = 1;
  for (const edge of edges) if (edge !== null && value >= edge) score++;
  return score;
}

/**
 * The edges that reproduce population quintile scores: the smallest value of each ascending score
 * 2…5. Scores are monotone in the value and ties share one, so every training customer placed by
 * these edges gets back its own score.
 */
export function quintileEdgesOf(
  values: Float64Array,
  scores: Uint8Array,
  { descending = false } = {},
): (number | null)[] {
  const edges = [Infinity, Infinity, Infinity, Infinity];
  for (let i = 0; i < values.length; i++) {
    const ascending = descending ? 6 - scores[i]! : scores[i]!;
    for (let s = 2; s <= ascending; s++) edges[s - 2] = Math.min(edges[s - 2]!, values[i]!);
  }
  return edges.map((edge) => (Number.isFinite(edge) ? edge : null));
}

/** The parts of a segmentation fitted on a population. */
export interface FittedSegmentParts {
  codes: Uint8Array;
  thresholds: SegmentThresholds;
  rfm: RfmScores;
  mixture: MixtureSegmentation;
}

/**
 * Assemble the stored segmentation from what was fitted on `population` (the segments CLI has
 * these from its analysis; `fitSegmentation` fits them).
 */
export function buildSegmentation(
  population: SegmentPopulation,
  parts: FittedSegmentParts,
  clv: CustomerSegmentation['clv'],
): CustomerSegmentation {
  const { codes, thresholds, rfm, mixture } = parts;
  const columns = {
    recencyDays: population.recencyDays,
    frequency: population.frequency,
    totalSpend: population.totalSpend,
    clv: population.clv,
    pAlive: population.pAlive,
  };
  const k = mixture.artifact.params.nComponents;
  return {
    kind: 'customer-segmentation',
    schemaVersion: 2,
    clv,
    customers: population.clv.length,
    thresholds,
    rfmEdges: {
      recencyDays: quintileEdgesOf(population.recencyDays, rfm.recency, { descending: true }),
      frequency: quintileEdgesOf(population.frequency, rfm.frequency),
      monetary: quintileEdgesOf(population.meanSpend, rfm.monetary),
    },
    mixture: {
      artifact: mixture.artifact,
      scaling: mixture.scaling,
      componentOfCluster: mixture.componentOfCluster,
    },
    profiles: {
      segments: profileTable(codes, SEGMENT_NAMES, columns).map(storedProfile),
      clusters: profileTable(mixture.clusters, clusterNames(k), columns).map(storedProfile),
    },
  };
}

/** A profile as JSON holds it: the means of an empty group are null, not NaN. */
function storedProfile(p: SegmentProfile): StoredProfile {
  const orNull = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    ...p,
    meanRecencyDays: orNull(p.meanRecencyDays),
    meanFrequency: orNull(p.meanFrequency),
    meanSpend: orNull(p.meanSpend),
    meanClv: orNull(p.meanClv),
    meanPAlive: orNull(p.meanPAlive),
  };
}

/**
 * Fit a segmentation on a population: the named-segment thresholds (config shares → money), the
 * RFM quintiles and the Gaussian mixture (k by BIC).
 *
 * @example
 * const { segmentation } = fitSegmentation(population, { config, seed: 1, clv: { measure: 'lifetimeValue', horizonDays: 365 } });
 */
export function fitSegmentation(
  population: SegmentPopulation,
  options: {
    config: SegmentConfig;
    seed: number;
    clv: CustomerSegmentation['clv'];
    onProgress?: (done: number, total: number) => void;
  },
): FittedSegmentParts & { segmentation: CustomerSegmentation } {
  const { config, seed, clv, onProgress } = options;
  const { codes, thresholds } = assignSegments(
    {
      clv: population.clv,
      pastValue: population.totalSpend,
      pAlive: population.pAlive,
      recentPurchases: population.recentPurchases,
    },
    config,
  );
  const rfm = rfmScores({
    recencyDays: population.recencyDays,
    frequency: population.frequency,
    monetary: population.meanSpend,
  });
  const mixture = mixtureSegments(population, config.mixture, seed, onProgress);
  const parts = { codes, thresholds, rfm, mixture };
  return { ...parts, segmentation: buildSegmentation(population, parts, clv) };
}
