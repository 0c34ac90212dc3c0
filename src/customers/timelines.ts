import type { TransactionLog } from '../transactions/index.ts';

/**
 * Each customer's purchases in date order with same-day transactions merged (their amounts summed):
 * the purchase occasions BG/NBD counts. Customer c owns slots `offsets[c]` … `offsets[c + 1] − 1`.
 */
export interface CustomerTimelines {
  offsets: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

/**
 * Group a log by customer (counting sort, stable), sort each customer's days (insertion sort: logs are
 * nearly in date order) and merge same-day purchases. Linear in transactions for date-ordered logs.
 *
 * @example
 * const { offsets, day } = customerTimelines(log); // first purchase of customer 0: day[offsets[0]]
 */
export function customerTimelines(log: TransactionLog): CustomerTimelines {
  const customers = log.customerIds.length;
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < log.length; i++) start[log.customer[i]! + 1]!++;
  for (let c = 0; c < customers; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, customers);
  const day = new Int32Array(log.length);
  const amount = new Float64Array(log.length);
  for (let i = 0; i < log.length; i++) {
    const slot = cursor[log.customer[i]!]!++;
    day[slot] = log.day[i]!;
    amount[slot] = log.amount[i]!;
  }
  const offsets = new Int32Array(customers + 1);
  let write = 0;
  for (let c = 0; c < customers; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    for (let i = from + 1; i < to; i++) {
      const d = day[i]!;
      const value = amount[i]!;
      let j = i - 1;
      while (j >= from && day[j]! > d) {
        day[j + 1] = day[j]!;
        amount[j + 1] = amount[j]!;
        j--;
      }
      day[j + 1] = d;
      amount[j + 1] = value;
    }
    offsets[c] = write;
    for (let i = from; i < to; i++) {
      if (write > offsets[c]! && day[write - 1] === day[i]) {
        amount[write - 1] = amount[write - 1]! + amount[i]!;
      } else {
        day[write] = day[i]!;
        amount[write] = amount[i]!;
        write++;
      }
    }
  }
  offsets[customers] = write;
  return { offsets, day: day.slice(0, write), amount: amount.slice(0, write) };
}
