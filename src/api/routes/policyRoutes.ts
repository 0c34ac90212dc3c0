import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../../ml/clv/bgNbd.ts';
import { gammaGammaExpectedSpend } from '../../ml/clv/gammaGamma.ts';
import {
  customerPopulation,
  PolicyTargetError,
  policiesSchemaFor,
  rangeSchema,
  resultJson,
  simulatePolicies,
  type TargetRule,
  UPLIFT_DISCLAIMER,
} from '../../policies/index.ts';
import type { AppEnv } from '../appEnv.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';

/** Customers one request may simulate (the posterior draws are built on the event loop: ~40 µs each). */
export const POLICY_MAX_CUSTOMERS = 2000;
/** customers × draws × policies beyond this is refused (422): about a second of both cores. */
export const POLICY_MAX_WORK = 100_000_000;

/** Fitted BG/NBD and Gamma-Gamma parameters lie far inside these bounds (denormal ones broke the special functions). */
const PARAMETER_MIN = 1e-6;
const PARAMETER_MAX = 1e6;
const parameter = z
  .number()
  .min(PARAMETER_MIN)
  .max(PARAMETER_MAX)
  .openapi({ description: `Between ${PARAMETER_MIN} and ${PARAMETER_MAX}` });

/** The attributes a customer target may bound: what the handler computes for each customer. */
const CUSTOMER_ATTRIBUTES = ['pAlive', 'clv', 'expectedPurchases', 'x'] as const;

// Bounds on one attribute: "min, max or both" as JSON Schema; min ≤ max only in words.
const RangeSchema = rangeSchema.openapi('TargetRange', {
  description: 'Give min, max or both; min ≤ max',
  anyOf: [{ required: ['min'] }, { required: ['max'] }],
});

/** A message for an unknown key only; every other issue keeps zod's own message. */
const unrecognizedKeys = (message: string) => (issue: { code?: string }) =>
  issue.code === 'unrecognized_keys' ? message : undefined;

// A policy file's target also takes segments and any attribute name; the customers sent here carry
// no segments and only CUSTOMER_ATTRIBUTES, so the schema names exactly those (anything else is 422).
const CustomerTargetSchema = z
  .strictObject(
    {
      where: z
        .strictObject(Object.fromEntries(CUSTOMER_ATTRIBUTES.map((name) => [name, RangeSchema.optional()])), {
          error: unrecognizedKeys(
            `not an attribute of customers; use one of ${CUSTOMER_ATTRIBUTES.join(', ')}`,
          ),
        })
        .optional()
        .openapi({
          description:
            'Bounds on pAlive, clv (expected revenue over the horizon), expectedPurchases and x; every one must hold',
        }),
    },
    { error: unrecognizedKeys('the customers sent here carry no segments: target them with where') },
  )
  // The parsed value is a policy file's TargetRule (no segments, fewer names): absent keys stay absent,
  // so `where` never holds an undefined range, which the optional properties' type would allow.
  .openapi({
    description: 'Whom the policy acts on; {} targets every customer',
  }) as unknown as z.ZodType<TargetRule>;

const EXAMPLE = {
  model: {
    bgNbd: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 },
    gammaGamma: { p: 6.2488, q: 3.7446, v: 15.4477 },
    timeUnitDays: 7,
  },
  customers: [
    { customerId: 'c-1001', x: 2, tx: 30.43, T: 38.86, zbar: 35.2 },
    { customerId: 'c-1002', x: 0, tx: 0, T: 38.86, zbar: 0 },
    { customerId: 'c-1003', x: 6, tx: 12.1, T: 38.86, zbar: 18.5 },
  ],
  horizonDays: 182,
  draws: 2000,
  seed: 1,
  policies: [
    {
      name: 'Win back the likely lapsed',
      target: { where: { pAlive: { max: 0.5 } } },
      actionCost: 0.5,
      uplift: { distribution: 'beta', mean: 0.1, sd: 0.04 },
      margin: 0.3,
    },
    {
      name: 'Everyone',
      target: {},
      actionCost: 0.1,
      uplift: { distribution: 'uniform', min: 0, max: 0.06 },
      margin: 0.3,
    },
  ],
};

const PolicySimulationRequestSchema = z
  .strictObject({
    model: z
      .strictObject({
        bgNbd: z
          .strictObject({ r: parameter, alpha: parameter, a: parameter, b: parameter })
          // Expected purchases use ₂F₁(r+x, b+x; a+b+x−1; z), defined for a + b > 1 (FHL 2005, eq. 10).
          .refine((p) => p.a + p.b > 1, { message: 'needs a + b > 1', path: ['a'] })
          .openapi({ description: 'a + b > 1 (the expected purchases are defined only then)' }),
        gammaGamma: z.strictObject({
          p: parameter,
          // The Gamma-Gamma mean spend is finite only for q > 1 (Fader & Hardie 2013, eq. 5).
          q: z
            .number()
            .gt(1)
            .max(PARAMETER_MAX)
            .openapi({ description: 'Above 1 (the expected spend is finite only then)' }),
          v: parameter,
        }),
        timeUnitDays: z
          .number()
          .positive()
          .max(3650)
          .default(7)
          .openapi({ description: 'Days per unit of tx and T (7: weeks)' }),
      })
      .openapi({
        description:
          'Fitted BG/NBD and Gamma-Gamma parameters (from `npm run segments` segmentation.json or `npm run clv -- fit --json`)',
      }),
    customers: z
      .array(
        z.strictObject({
          customerId: z.string().min(1).max(128).optional(),
          x: z.number().int().min(0).max(100_000).openapi({ description: 'Repeat purchases' }),
          tx: z
            .number()
            .min(0)
            .finite()
            .openapi({ description: 'Time of the last purchase since the first' }),
          T: z.number().min(0).finite().openapi({ description: 'Time since the first purchase' }),
          zbar: z
            .number()
            .min(0)
            .finite()
            .openapi({ description: 'Mean spend of the repeat purchases (0 when x = 0)' }),
        }),
      )
      .min(1)
      .openapi({ description: `Up to ${POLICY_MAX_CUSTOMERS} customers (413 beyond)` }),
    horizonDays: z.number().int().min(1).max(3650).default(182),
    draws: z
      .number()
      .int()
      .min(2)
      .max(100_000)
      .default(2000)
      .openapi({ description: `customers × draws × policies ≤ ${POLICY_MAX_WORK} (422 beyond)` }),
    seed: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 31 - 1)
      .default(1),
    policies: policiesSchemaFor(CustomerTargetSchema),
  })
  .refine((body) => body.customers.every((c) => c.tx <= c.T), {
    message: 'every customer needs tx <= T',
    path: ['customers'],
  })
  .openapi('PolicySimulationRequest', {
    description:
      'BG/NBD a + b > 1; the parameters give every customer a finite P(alive) and expected revenue (422 model-not-finite otherwise); every customer has tx ≤ T; policy names are unique; uplift bounds are ordered (uniform min ≤ max, triangular min ≤ mode ≤ max with min < max, beta sd² < mean·(1 − mean)); customers × draws × policies ≤ POLICY_MAX_WORK.',
    example: EXAMPLE,
  });

const DrawSummarySchema = z
  .object({ mean: z.number(), sd: z.number(), standardError: z.number(), low: z.number(), high: z.number() })
  .openapi('DrawSummary', {
    description: 'Mean over draws, its standard error, and the central 95 % interval [low, high]',
  });

const PolicyOutcomeSchema = z
  .object({
    name: z.string(),
    targeted: z.number().int(),
    cost: z.number(),
    revenueWithout: DrawSummarySchema,
    revenueWith: DrawSummarySchema,
    incrementalRevenue: DrawSummarySchema,
    incrementalProfit: DrawSummarySchema,
    roi: DrawSummarySchema.nullable(),
    unitsKept: DrawSummarySchema,
    probabilityOfProfit: z.number(),
    revenueAtStake: z.number(),
    assumedUpliftMean: z.number(),
    breakEvenUplift: z.number().nullable(),
  })
  .openapi('PolicyOutcome');

const summary = (mean: number) => ({
  mean,
  sd: mean / 5,
  standardError: mean / 500,
  low: mean * 0.6,
  high: mean * 1.4,
});

const PolicySimulationResultSchema = z
  .object({
    kind: z.literal('customers'),
    units: z.number().int(),
    draws: z.number().int(),
    seed: z.number().int(),
    horizon: z.string(),
    disclaimer: z.string(),
    policies: z.array(PolicyOutcomeSchema),
  })
  .openapi('PolicySimulationResult', {
    example: {
      kind: 'customers',
      units: 3,
      draws: 2000,
      seed: 1,
      horizon: 'the next 182 days',
      disclaimer: UPLIFT_DISCLAIMER,
      policies: [
        {
          name: 'Win back the likely lapsed',
          targeted: 1,
          cost: 0.5,
          revenueWithout: summary(12.4),
          revenueWith: summary(13.1),
          incrementalRevenue: summary(0.7),
          incrementalProfit: summary(-0.29),
          roi: summary(-0.58),
          unitsKept: summary(0.1),
          probabilityOfProfit: 0.08,
          revenueAtStake: 7.1,
          assumedUpliftMean: 0.1,
          breakEvenUplift: 0.23,
        },
      ],
    },
  });

type PolicySimulationRequest = z.infer<typeof PolicySimulationRequestSchema>;

/**
 * Terms of ₂F₁'s series one customer may take here (≈ 0.3 ms): parameters sent by a client can make
 * the series crawl towards its 10⁷-term limit (α = 1e-6: ≈ 145 ms a customer, minutes for a full
 * request on the event loop). Fitted models converge in far fewer terms; beyond the budget the
 * request gets the 422 of a model without a finite answer, and `npm run simulate-policy` has no cap.
 */
export const POLICY_MAX_SERIES_TERMS = 20_000;

/**
 * Each customer's BG/NBD × Gamma-Gamma attributes over the horizon, or null when the parameters give
 * no finite answer for them (a corner of the parameter space where ₂F₁'s series does not converge,
 * or an infinite spend): the 422 that the request schema states in words.
 *
 * @example
 * customerAttributes(EXAMPLE_BODY)?.clv; // expected revenue over horizonDays, one per customer
 */
export function customerAttributes({ model, customers, horizonDays }: PolicySimulationRequest) {
  const { bgNbd, gammaGamma, timeUnitDays } = model;
  const x = Float64Array.from(customers, (cu) => cu.x);
  const tx = Float64Array.from(customers, (cu) => cu.tx);
  const T = Float64Array.from(customers, (cu) => cu.T);
  const zbar = Float64Array.from(customers, (cu) => cu.zbar);
  const horizon = horizonDays / timeUnitDays;
  try {
    const pAlive = x.map((xi, i) => bgNbdProbabilityAlive(bgNbd, xi, tx[i], T[i]));
    const expectedPurchases = x.map((xi, i) =>
      bgNbdConditionalExpectedPurchases(bgNbd, horizon, xi, tx[i], T[i], {
        maxSeriesTerms: POLICY_MAX_SERIES_TERMS,
      }),
    );
    const clv = expectedPurchases.map(
      (purchases, i) => purchases * gammaGammaExpectedSpend(gammaGamma, x[i], zbar[i]),
    );
    if (!pAlive.every(Number.isFinite) || !clv.every(Number.isFinite)) return null;
    return { x, T, zbar, horizon, pAlive, expectedPurchases, clv };
  } catch (error) {
    // The special functions refuse what they cannot compute with a RangeError; anything else is a bug.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * POST /policies/simulate: Monte-Carlo simulation of retention policies over the customers sent,
 * from the BG/NBD × Gamma-Gamma parameters sent. Bounded work: at most POLICY_MAX_CUSTOMERS
 * customers (413) and customers × draws × policies ≤ POLICY_MAX_WORK (422); the draws run on
 * worker threads.
 *
 * @example
 * app.route('/', policyRoutes());
 */
export function policyRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook: problemValidationHook }).openapi(
    createRoute({
      method: 'post',
      path: '/policies/simulate',
      operationId: 'simulatePolicies',
      tags: ['Policies'],
      security: [],
      summary: 'Simulate retention policies on customers (Monte-Carlo, with and without the action)',
      description: `Each draw takes one uplift per policy from its assumed distribution and draws every targeted customer's outcome from BG/NBD × Gamma-Gamma, with and without the action. ${UPLIFT_DISCLAIMER} Target rules may bound pAlive, clv (expected revenue over the horizon), expectedPurchases and x.`,
      request: {
        body: { required: true, content: { 'application/json': { schema: PolicySimulationRequestSchema } } },
      },
      responses: {
        200: {
          description: 'The policies side by side',
          content: { 'application/json': { schema: PolicySimulationResultSchema } },
        },
        400: problemResponse('The body is not valid JSON'),
        413: problemResponse(
          `The body is larger than BODY_LIMIT_BYTES, or holds more than ${POLICY_MAX_CUSTOMERS} customers`,
        ),
        415: problemResponse('The body is not sent as application/json'),
        422: problemResponse(
          'The body breaks a rule of the schema, a target names an attribute customers lack, or customers × draws × policies exceeds the work cap',
        ),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const n = body.customers.length;
      if (n > POLICY_MAX_CUSTOMERS) {
        throw new ApiError({
          status: 413,
          slug: 'too-many-customers',
          title: 'Too many customers',
          detail: `${n} customers; one request simulates at most ${POLICY_MAX_CUSTOMERS}. Split them, or run \`npm run simulate-policy\` on the whole file.`,
        });
      }
      const work = n * body.draws * body.policies.length;
      if (work > POLICY_MAX_WORK) {
        throw new ApiError({
          status: 422,
          slug: 'simulation-too-large',
          title: 'Simulation too large',
          detail: `customers × draws × policies = ${work.toLocaleString('en-US')} exceeds ${POLICY_MAX_WORK.toLocaleString('en-US')}; lower draws (10,000 already gives a standard error under 1 % of the mean).`,
        });
      }
      const { bgNbd, gammaGamma } = body.model;
      const attributes = customerAttributes(body);
      if (!attributes) {
        throw new ApiError({
          status: 422,
          slug: 'model-not-finite',
          title: 'The model gives no finite prediction',
          detail:
            'P(alive) or expected revenue is not finite for these parameters and customers (Gamma-Gamma needs q > 1); check the model parameters.',
        });
      }
      const { x, T, zbar, horizon, pAlive } = attributes;
      const population = customerPopulation({
        x,
        T,
        zbar,
        pAlive,
        bgNbd,
        gammaGamma,
        horizon,
        horizonLabel: `the next ${body.horizonDays} days`,
        attributes: { pAlive, clv: attributes.clv, expectedPurchases: attributes.expectedPurchases, x },
        seed: body.seed,
      });
      try {
        const result = await simulatePolicies({
          population,
          policies: body.policies,
          draws: body.draws,
          seed: body.seed,
        });
        const { seconds: _seconds, ...json } = resultJson(result);
        return c.json({ ...json, kind: 'customers' as const, disclaimer: UPLIFT_DISCLAIMER }, 200);
      } catch (error) {
        if (!(error instanceof PolicyTargetError)) throw error;
        throw new ApiError({
          status: 422,
          slug: 'invalid-target',
          title: 'Invalid target rule',
          detail: error.message,
        });
      }
    },
  );
}
