import type { z } from 'zod';

/**
 * Validate an artifact against its zod schema, or throw one readable error naming the kind and the
 * first five problems (field path and reason), and how to get a valid artifact.
 */
export function parseArtifact<T>(schema: z.ZodType<T>, artifact: unknown, kind: string): T {
  const result = schema.safeParse(artifact);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new Error(`Invalid ${kind} artifact (${issues}). Re-export it with toJSON() of a fitted model.`);
}
