import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { formatDay } from '../dates.ts';
import type { TransactionLog } from '../transactionLog.ts';

/** The header of the simulator's CSV: read it back with `--format csv --customer customer_id --date date --amount amount`. */
export const SIMULATED_CSV_COLUMNS = { customer: 'customer_id', date: 'date', amount: 'amount' } as const;

/**
 * Write a log as `customer_id,date,amount` CSV in date order (what a shop's export looks like).
 *
 * @example
 * await writeTransactionsCsv(simulateTransactions().log, 'data/raw/transactions.csv');
 */
export async function writeTransactionsCsv(log: TransactionLog, path: string): Promise<void> {
  const order = Int32Array.from({ length: log.length }, (_, i) => i).sort(
    (i, j) => log.day[i]! - log.day[j]! || log.customer[i]! - log.customer[j]!,
  );
  const out = createWriteStream(path);
  let chunk = `${SIMULATED_CSV_COLUMNS.customer},${SIMULATED_CSV_COLUMNS.date},${SIMULATED_CSV_COLUMNS.amount}\n`;
  for (const i of order) {
    chunk += `${log.customerIds[log.customer[i]!]},${formatDay(log.day[i]!)},${log.amount[i]!.toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
