import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RegistryError } from './errors.ts';
import { historyPath } from './paths.ts';
import { describeIssues } from './readJsonFile.ts';
import { type PromotionDecision, PromotionDecisionSchema, type RegistryTask } from './schema.ts';

/**
 * Append one decision to `models/<task>/history.jsonl` (one JSON object per line; appends of one
 * short line are atomic on local file systems, so concurrent readers never see half a record).
 *
 * @example
 * appendDecision('models', decision);
 */
export function appendDecision(modelsDir: string, decision: PromotionDecision): void {
  const checked = PromotionDecisionSchema.parse(decision);
  const path = historyPath(modelsDir, checked.task);
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(checked)}\n`);
}

/**
 * Every decision of a task, oldest first (empty when there is no history yet).
 *
 * @example
 * readHistory('models', 'churn').filter((d) => d.action === 'promoted').length;
 */
export function readHistory(modelsDir: string, task: RegistryTask): PromotionDecision[] {
  const path = historyPath(modelsDir, task);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const decisions: PromotionDecision[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new RegistryError(`${path} line ${i + 1} is not valid JSON (${(error as Error).message}).`, path);
    }
    const parsed = PromotionDecisionSchema.safeParse(json);
    if (!parsed.success) {
      throw new RegistryError(
        `${path} line ${i + 1} is not a decision record (${describeIssues(parsed.error.issues)}).`,
        path,
      );
    }
    decisions.push(parsed.data);
  });
  return decisions;
}
