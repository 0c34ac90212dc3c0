import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from '../../ml/clv/bgNbd.ts';
import { gammaGammaExpectedSpend } from '../../ml/clv/gammaGamma.ts';
import {
  customerPopulation,
  PolicyTargetError,
  policiesSchema,
  resultJson,
  simulatePolicies,
  UPLIFT_DISCLAIMER,
} from '../../policies/index.ts';
import type { AppEnv } from '../appEnv.ts';
import { ApiError, problemResponse, problemValidationHook } from '../problem.ts';

/** Customers one request may simulate (the posterior draws are built on the event loop: ~40 µs each). */
export const POLICY_MAX_CUSTOMERS = 2000;
/** customers × draws × policies beyond this is refused (422): about a second of both cores. */
export const POLICY_MAX_WORK = 100_000_000;

const positive = z.number().positive().finite();

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
        bgNbd: z.strictObject({ r: positive, alpha: positive, a: positive, b: positive }),
        gammaGamma: z.strictObject({ p: positive, q: positive, v: positive }),
        timeUnitDays: positive.default(7).openapi({ description: 'Days per unit of tx and T (7: weeks)' }),
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
    draws: z.number().int().min(2).max(100_000).default(2000),
    seed: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 31 - 1)
      .default(1),
    policies: policiesSchema,
  })
  .refine((body) => body.customers.every((c) => c.tx <= c.T), {
    message: 'every customer needs tx <= T',
    path: ['customers'],
  })
  .openapi('PolicySimulationRequest', { example: EXAMPLE });

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
      const { bgNbd, gammaGamma, timeUnitDays } = body.model;
      const x = Float64Array.from(body.customers, (cu) => cu.x);
      const tx = Float64Array.from(body.customers, (cu) => cu.tx);
      const T = Float64Array.from(body.customers, (cu) => cu.T);
      const zbar = Float64Array.from(body.customers, (cu) => cu.zbar);
      const horizon = body.horizonDays / timeUnitDays;
      const pAlive = x.map((xi, i) => bgNbdProbabilityAlive(bgNbd, xi, tx[i], T[i]));
      const expectedPurchases = x.map((xi, i) =>
        bgNbdConditionalExpectedPurchases(bgNbd, horizon, xi, tx[i], T[i]),
      );
      const clv = expectedPurchases.map(
        (purchases, i) => purchases * gammaGammaExpectedSpend(gammaGamma, x[i], zbar[i]),
      );
      if (!pAlive.every(Number.isFinite) || !clv.every(Number.isFinite)) {
        throw new ApiError({
          status: 422,
          slug: 'model-not-finite',
          title: 'The model gives no finite prediction',
          detail:
            'P(alive) or expected revenue is not finite for these parameters and customers (Gamma-Gamma needs q > 1); check the model parameters.',
        });
      }
      const population = customerPopulation({
        x,
        T,
        zbar,
        pAlive,
        bgNbd,
        gammaGamma,
        horizon,
        horizonLabel: `the next ${body.horizonDays} days`,
        attributes: { pAlive, clv, expectedPurchases, x },
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
