import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { policiesSchema } from './policySchema.ts';

/** Where the units come from: live sessions scored by the served session models. */
const sessionSourceSchema = z
  .object({
    kind: z.literal('sessions'),
    /** The processed folder of `npm run data:prepare` (its test sessions are the snapshot). */
    data: z.string().min(1).default('data/processed'),
    /** The registry (default: MODELS_DIR, else var/models, else the committed default models). */
    models: z.string().min(1).optional(),
    maxSessions: z.number().int().positive().optional(),
  })
  .strict();

/** Where the units come from: customers of a transaction file, segmented and scored by BG/NBD × Gamma-Gamma. */
const customerSourceSchema = z
  .object({
    kind: z.literal('customers'),
    /** A public data set (cdnow-master, cdnow-sample, online-retail) … */
    dataset: z.string().min(1).optional(),
    /** … or a transaction file with its format. */
    input: z.string().min(1).optional(),
    format: z.string().min(1).optional(),
    /** The cut-off, YYYY-MM-DD (default: the last day of the data). */
    calibrationEnd: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .optional(),
    /** Segment thresholds and the revenue horizon (default config/segments.json). */
    segmentConfig: z.string().min(1).optional(),
  })
  .strict()
  .refine((source) => (source.dataset === undefined) !== (source.input === undefined), {
    message: 'give either dataset or input (with format)',
  });

export const policyFileSchema = z
  .object({
    population: z.discriminatedUnion('kind', [sessionSourceSchema, customerSourceSchema]),
    draws: z.number().int().min(2).max(1_000_000).default(10_000),
    policies: policiesSchema,
  })
  .strict();

export type PolicyFile = z.infer<typeof policyFileSchema>;

/** A policy file that is missing, not JSON, or not a valid policy file; the message is one line. */
export class PolicyFileError extends Error {
  override name = 'PolicyFileError';
}

/**
 * Read and validate a policy file; any problem is one line naming the file, the field and the fix.
 *
 * @example
 * const file = readPolicyFile('examples/policies/sessions.json');
 */
export function readPolicyFile(path: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyFileError(
      `cannot read policy file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(`policy file ${path} is not JSON: ${(error as Error).message}.`);
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new PolicyFileError(
      `policy file ${path}: ${where}: ${issue.message}${more}; see docs/policy-simulation.md for the format.`,
    );
  }
  return parsed.data;
}
