import { z } from 'zod';

/** A share of units in [0, 1]. */
const share = z.number().min(0).max(1);

/**
 * The assumed effect of an action: the share of the units that would be lost without it (a lapsed
 * customer, a shopper leaving the session) that it keeps. An assumption, not an estimate: there is
 * no treatment data to learn it from. Each Monte-Carlo draw takes one value from this distribution.
 */
export const upliftSchema = z.discriminatedUnion('distribution', [
  z.object({ distribution: z.literal('fixed'), value: share }).strict(),
  z
    .object({ distribution: z.literal('uniform'), min: share, max: share })
    .strict()
    .refine((u) => u.min <= u.max, { message: 'min must not exceed max' })
    .describe('min ≤ max'),
  z
    .object({ distribution: z.literal('triangular'), min: share, mode: share, max: share })
    .strict()
    .refine((u) => u.min <= u.mode && u.mode <= u.max && u.min < u.max, {
      message: 'needs min <= mode <= max and min < max',
    })
    .describe('min ≤ mode ≤ max and min < max'),
  z
    // sd < 0.5 follows from sd² < mean·(1 − mean) ≤ 1/4; stated as a bound so a schema carries it.
    .object({
      distribution: z.literal('beta'),
      mean: z.number().gt(0).lt(1),
      sd: z.number().positive().lt(0.5),
    })
    .strict()
    .refine((u) => u.sd * u.sd < u.mean * (1 - u.mean), {
      message: 'sd is too large for this mean (a beta distribution needs sd² < mean·(1 − mean))',
    })
    .describe('sd² < mean·(1 − mean)'),
]);

export type UpliftAssumption = z.infer<typeof upliftSchema>;

/** Bounds on a numeric attribute; both included, either optional. */
export const rangeSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'give min, max or both' })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'min must not exceed max',
  })
  .describe('Give min, max or both; min ≤ max');

/**
 * Whom a policy acts on: every condition must hold. `segments` names segments of the population
 * (customers: high-value, churn-risk, missed-opportunity, other); `where` bounds attributes such as
 * pAlive, clv (customers) or churnProbability, value (sessions).
 */
export const targetRuleSchema = z
  .object({
    segments: z.array(z.string().min(1)).min(1).optional(),
    where: z.record(z.string().min(1), rangeSchema).optional(),
  })
  .strict();

export type TargetRule = z.infer<typeof targetRuleSchema>;

export const policySchema = z
  .object({
    name: z.string().min(1).max(80),
    target: targetRuleSchema,
    /** Cost of the action per targeted unit, in the data's currency (a voucher, a call, a discount). */
    actionCost: z.number().min(0).finite(),
    uplift: upliftSchema,
    /** Share of revenue that is profit (contribution margin). */
    margin: z.number().gt(0).max(1),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/** At most this many policies side by side (each is a bit of a 32-bit target mask). */
export const MAX_POLICIES = 16;

/**
 * Policies side by side whose targets follow `target`: the general rule for a policy file, or one that
 * names only the attributes a population has (the API's customers).
 *
 * @example
 * const schema = policiesSchemaFor(z.strictObject({ where: z.strictObject({ pAlive: rangeSchema.optional() }) }));
 */
export function policiesSchemaFor<Target extends z.ZodType<TargetRule>>(target: Target) {
  return z
    .array(policySchema.extend({ target }))
    .min(1)
    .max(MAX_POLICIES)
    .refine((policies) => new Set(policies.map((p) => p.name)).size === policies.length, {
      message: 'policy names must be unique',
    })
    .describe(`1 to ${MAX_POLICIES} policies with unique names`);
}

export const policiesSchema = policiesSchemaFor(targetRuleSchema);
