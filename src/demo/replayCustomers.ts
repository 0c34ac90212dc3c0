import { formatDay, simulateTransactions } from '../transactions/index.ts';

export interface CustomerReplayOptions {
  baseUrl: string;
  customers: number;
  seed: number;
  /** Customers per batch request. Default 100. */
  batchSize?: number;
}

export interface CustomerReplaySummary {
  customers: number;
  requests: number;
  failures: Record<string, number>;
}

/**
 * Value simulated customers against a running service as a CRM job would: their purchases up to the
 * simulation's last day go to POST /customers/value/batch (and the first few one by one to
 * /customers/value), so the dashboard's customer tab has traffic.
 *
 * @example
 * await replaySimulatedCustomers({ baseUrl: 'http://127.0.0.1:8080', customers: 500, seed: 11 });
 */
export async function replaySimulatedCustomers(
  options: CustomerReplayOptions,
): Promise<CustomerReplaySummary> {
  const { baseUrl, customers, seed, batchSize = 100 } = options;
  const { log, params } = simulateTransactions({ customers, seed });
  const asOf = formatDay(params.startDay + params.observationDays - 1);
  const bodies = log.customerIds.map((customerId) => ({
    customerId: `demo-${seed}-${customerId}`,
    asOf,
    transactions: [] as { date: string; amount: number }[],
  }));
  for (let i = 0; i < log.length; i++) {
    bodies[log.customer[i]!]!.transactions.push({ date: formatDay(log.day[i]!), amount: log.amount[i]! });
  }
  const summary: CustomerReplaySummary = { customers: 0, requests: 0, failures: {} };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    summary.requests++;
    if (!response.ok) summary.failures[response.status] = (summary.failures[response.status] ?? 0) + 1;
  };
  const singles = Math.min(10, bodies.length);
  for (const body of bodies.slice(0, singles)) await post('/customers/value', body);
  for (let start = singles; start < bodies.length; start += batchSize) {
    await post('/customers/value/batch', { customers: bodies.slice(start, start + batchSize) });
  }
  summary.customers = bodies.length;
  return summary;
}
