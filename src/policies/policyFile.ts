import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { policiesSchema } from './policySchema.ts';

/** Where the units come from: live sessions scored by the served session models. */
const sessionSourceSchema = z
  .object({
    kind: z.literal('sessions'),
    /** The processed folder of `npm run data:prepare` (its test sessions are the snapshot). */
    data: z.string().min(1).default('data/processed'),
    models: z.string().min(1).default('models'),
    maxSessions: z.number().int().positive().optional(),
  })
  .strict();

export const policyFileSchema = z
  .object({
    population: z.discriminatedUnion('kind', [sessionSourceSchema]),
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
