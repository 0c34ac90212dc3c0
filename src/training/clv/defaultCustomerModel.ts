import type { TrainingProgress } from '../../cli/progress.ts';
import { CUSTOMER_TASK } from '../../registry/index.ts';
import {
  formatReadSummary,
  simulateTransactions,
  type TransactionLog,
  type TransactionReadSummary,
} from '../../transactions/index.ts';
import { DEFAULT_LIFETIME } from './customerValueConfig.ts';
import { trainCustomerValue } from './trainCustomerValue.ts';
import { writeCustomerValueVersion } from './writeCustomerValueVersion.ts';

/**
 * How the committed default customer-value model is made: the transaction simulator's defaults
 * (CDNOW-like BG/NBD × Gamma-Gamma, two years) for 20,000 customers, valued at 90 days before the end.
 * Recorded in the bundle (`params.recipe`) so a test can tell the committed model came from it.
 */
export const DEFAULT_CUSTOMER_MODEL_RECIPE = {
  command: 'npm run models:default',
  customers: 20_000,
  seed: 42,
  horizonDays: 90,
} as const;

/**
 * Simulate, fit and register the default customer-value model in `modelsDir` (promoted).
 *
 * @example
 * buildDefaultCustomerModel({ modelsDir: staging, progress, codeVersion: gitCommit() });
 */
export function buildDefaultCustomerModel(options: {
  modelsDir: string;
  progress: TrainingProgress;
  codeVersion: string | null;
}): { version: string; dir: string } {
  const recipe = DEFAULT_CUSTOMER_MODEL_RECIPE;
  options.progress.log(`Simulating ${recipe.customers} customers' transactions (seed ${recipe.seed})`);
  const { log, params } = simulateTransactions({ customers: recipe.customers, seed: recipe.seed });
  const lastDay = params.startDay + params.observationDays - 1;
  const read = simulatedReadSummary(log, { firstDay: params.startDay, lastDay });
  for (const line of formatReadSummary(read)) options.progress.log(line);
  const run = trainCustomerValue(
    log,
    lastDay,
    {
      calibrationEnd: lastDay - recipe.horizonDays,
      horizonDays: recipe.horizonDays,
      timeUnit: 'weeks',
      lifetime: DEFAULT_LIFETIME,
      seed: 7,
    },
    options.progress,
  );
  const written = writeCustomerValueVersion({
    modelsDir: options.modelsDir,
    run,
    inputPath: null,
    read,
    createdAt: new Date(),
    command: recipe.command,
    codeVersion: options.codeVersion,
    promote: 'always',
    recipe: { ...recipe, simulator: params },
  });
  options.progress.log(`${CUSTOMER_TASK} ${written.version} → ${written.dir}`);
  return written;
}

/**
 * The read summary of simulated transactions (nothing rejected), as a reader would give it for a
 * file: what a registered version records about its data.
 *
 * @example
 * const read = simulatedReadSummary(log, { firstDay: params.startDay, lastDay });
 */
export function simulatedReadSummary(
  log: TransactionLog,
  { firstDay, lastDay }: { firstDay: number; lastDay: number },
): TransactionReadSummary {
  let total = 0;
  for (let i = 0; i < log.length; i++) total += log.amount[i]!;
  return {
    source: 'transaction simulator',
    format: 'simulated',
    linesRead: log.length,
    linesKept: log.length,
    transactions: log.length,
    customers: log.customerIds.length,
    firstDay,
    lastDay,
    totalAmount: total,
    rejectedTotal: 0,
    rejected: {
      'blank-line': 0,
      'column-count': 0,
      'unterminated-quote': 0,
      'missing-customer': 0,
      'bad-date': 0,
      'non-numeric': 0,
      'negative-amount': 0,
      'invoice-customer-mismatch': 0,
    },
    firstBadLines: [],
    cancellationLines: 0,
    cancelledAmount: 0,
  };
}
