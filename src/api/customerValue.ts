import { DAYS_PER_UNIT, summarizeCustomers, type TimeUnit } from '../customers/index.ts';
import type { ServedCustomerModel } from '../registry/index.ts';
import {
  type CustomerSegmentation,
  RECENT_PURCHASES_FEATURE,
  type SegmentFacts,
} from '../segments/customerSegmentation.ts';
import { formatDay, parseDay, TransactionLogBuilder } from '../transactions/index.ts';
import type { PendingRow } from './appEnv.ts';
import { largestMagnitudes } from './predict.ts';
import { ApiError } from './problem.ts';
import type { CustomerBody } from './schemas/customers.ts';

const TOP_FACTORS = 3;

/** One customer turned into model inputs: BG/NBD's history and, from transactions, the feature row. */
interface CustomerInput {
  asOf: number;
  x: number;
  tx: number;
  T: number;
  zbar: number;
  features: Float64Array | null;
}

/**
 * Score customers from request bodies with the served customer model, through the same summary
 * code as training (`summarizeCustomers`): one answer and one request-log row per customer. A
 * customer sent with transactions is also placed in the stored segments (segmentPlacer, as the
 * segments CLI places each customer); a summary lacks the spend and recent-window columns, so its
 * segment, rfm and cluster are null.
 *
 * @example
 * const { results, rows } = scoreCustomerBodies(model, bodies, requestIds, todayDay());
 */
export function scoreCustomerBodies(
  model: ServedCustomerModel,
  bodies: readonly CustomerBody[],
  requestIds: readonly string[],
  today: number,
  { batch = false }: { batch?: boolean } = {},
) {
  const inputs = customerInputs(model, bodies, today, batch);
  const { predictor, placeCustomer } = model;
  const factsOf = placeCustomer && segmentFactsReader(predictor.featureNames, model.segmentation!);
  const unitDays = predictor.settings.timeUnitDays;
  const results = [];
  const rows: PendingRow[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const input = inputs[i]!;
    const features = input.features ?? new Float64Array(predictor.featureNames.length).fill(Number.NaN);
    const p = predictor.predict(input, features);
    let supervised = null;
    if (input.features) {
      const explained = predictor.purchaseModel.explainRow(input.features);
      supervised = {
        purchaseProbability: explained.prediction,
        spend: p.supervised.spend,
        topFactors: largestMagnitudes(explained.contributions, TOP_FACTORS).map((j) => ({
          feature: predictor.featureNames[j]!,
          value: Number.isFinite(input.features![j]!) ? input.features![j]! : null,
          contribution: explained.contributions[j]!,
        })),
      };
    }
    const placement =
      input.features && placeCustomer && factsOf
        ? placeCustomer(factsOf(input.features, p.probabilityAlive, p.lifetimeValue))
        : null;
    const customerId = bodies[i]!.customerId ?? null;
    results.push({
      requestId: requestIds[i]!,
      customerId,
      modelVersion: model.version,
      asOf: formatDay(input.asOf),
      horizonDays: predictor.settings.horizonDays,
      summary: {
        repeatPurchases: input.x,
        daysFirstToLastPurchase: input.tx * unitDays,
        daysSinceFirstPurchase: input.T * unitDays,
        meanRepeatSpend: input.zbar,
      },
      probabilityAlive: p.probabilityAlive,
      expectedPurchases: p.expectedPurchases,
      purchaseProbability: p.purchaseProbability,
      expectedSpendPerPurchase: p.expectedSpendPerPurchase,
      expectedSpend: p.expectedSpend,
      lifetimeValue: p.lifetimeValue,
      supervised,
      segment: placement?.segment ?? null,
      rfm: placement && {
        ...placement.rfm,
        cell: `${placement.rfm.recency}${placement.rfm.frequency}${placement.rfm.monetary}`,
      },
      cluster: placement?.cluster ?? null,
    });
    rows.push({
      requestId: requestIds[i]!,
      clientSessionId: customerId,
      task: model.task,
      modelVersion: model.version,
      featureVersion: input.features ? model.featureVersion : null,
      features: input.features,
      prediction: p.lifetimeValue,
      decision: null,
      pageCount: null,
      probabilityAlive: p.probabilityAlive,
      lifetimeValue: p.lifetimeValue,
      segment: placement?.segment ?? null,
    });
  }
  return { results, rows };
}

/**
 * What the segments judge a customer on, read from the customer's feature row (the same summary
 * columns the segmentation was fitted on) and the model's P(alive) and lifetime value.
 */
function segmentFactsReader(featureNames: readonly string[], segmentation: CustomerSegmentation) {
  const column = (name: string) => {
    const j = featureNames.indexOf(name);
    if (j < 0) throw new Error(`the customer features lack ${name}, which the segments need`);
    return j;
  };
  const recencyDays = column('recencyDays');
  const frequency = column('frequency');
  const meanSpend = column('meanSpend');
  const totalSpend = column('totalSpend');
  const recentPurchases = column(RECENT_PURCHASES_FEATURE[segmentation.thresholds.recentDays]);
  return (row: Float64Array, pAlive: number, lifetimeValue: number): SegmentFacts => ({
    recencyDays: row[recencyDays]!,
    frequency: row[frequency]!,
    meanSpend: row[meanSpend]!,
    totalSpend: row[totalSpend]!,
    recentPurchases: row[recentPurchases]!,
    pAlive,
    clv: lifetimeValue,
  });
}

/** Today as a day number (UTC): the default `asOf`. */
export function todayDay(nowMs = Date.now()): number {
  return Math.floor(nowMs / 86_400_000);
}

function customerInputs(
  model: ServedCustomerModel,
  bodies: readonly CustomerBody[],
  today: number,
  batch: boolean,
): CustomerInput[] {
  const unitDays = model.predictor.settings.timeUnitDays;
  const timeUnit = (Object.entries(DAYS_PER_UNIT).find(([, days]) => days === unitDays)?.[0] ??
    'days') as TimeUnit;
  const inputs: CustomerInput[] = new Array(bodies.length);
  // Customers valued at the same day share one summary pass (usually the whole batch).
  const byAsOf = new Map<number, { builder: TransactionLogBuilder; indexes: number[] }>();
  bodies.forEach((body, i) => {
    // Error paths name the field as the client wrote it: customers[3].transactions[0].date in a batch.
    const pathPrefix = batch ? `customers[${i}].` : '';
    const asOf = body.asOf === undefined ? today : dateOrFail(body.asOf, `${pathPrefix}asOf`);
    if (body.summary) {
      const s = body.summary;
      inputs[i] = {
        asOf,
        x: s.repeatPurchases,
        tx: s.daysFirstToLastPurchase / unitDays,
        T: s.daysSinceFirstPurchase / unitDays,
        zbar: s.repeatPurchases > 0 ? s.meanRepeatSpend : 0,
        features: null,
      };
      return;
    }
    let group = byAsOf.get(asOf);
    if (!group) {
      group = { builder: new TransactionLogBuilder(), indexes: [] };
      byAsOf.set(asOf, group);
    }
    const key = String(group.indexes.length);
    group.indexes.push(i);
    body.transactions!.forEach((transaction, j) => {
      const path = `${pathPrefix}transactions[${j}].date`;
      const day = dateOrFail(transaction.date, path);
      if (day > asOf)
        fail(path, `${transaction.date} is after asOf ${formatDay(asOf)}; send purchases up to asOf only`);
      group.builder.add(key, day, transaction.amount);
    });
  });
  for (const [asOf, { builder, indexes }] of byAsOf) {
    const summary = summarizeCustomers(builder.build(), { calibrationEnd: asOf, timeUnit });
    const names = model.predictor.featureNames;
    for (let row = 0; row < summary.x.length; row++) {
      const features = Float64Array.from(
        names,
        (name) => summary.features[name as keyof typeof summary.features][row]!,
      );
      inputs[indexes[Number(summary.customerIds[row])]!] = {
        asOf,
        x: summary.x[row]!,
        tx: summary.tx[row]!,
        T: summary.T[row]!,
        zbar: summary.zbar[row]!,
        features,
      };
    }
  }
  return inputs;
}

function dateOrFail(text: string, path: string): number {
  const day = parseDay(text, 'iso');
  if (Number.isNaN(day)) fail(path, `${JSON.stringify(text)} is not a calendar date`);
  return day;
}

function fail(path: string, message: string): never {
  throw new ApiError({
    status: 422,
    slug: 'validation-error',
    title: 'Request body is invalid',
    detail: `1 field is invalid: ${path}: ${message}`,
    errors: [{ path, message }],
    reason: `invalid:${path.replace(/\[\d+\]/g, '')}`,
  });
}
