import { readFileSync } from 'node:fs';
import { RegistryError } from './errors.ts';

/** Read and parse a JSON file, failing with a RegistryError that names the file. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new RegistryError(`Cannot read ${what} ${path}: ${reason}.`, path);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RegistryError(
      `${what} ${path} is not valid JSON (${(error as Error).message}); the file is corrupted — restore it or retrain.`,
      path,
    );
  }
}

/** The first zod issues as one readable line: `path.to.field: message; …`. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
