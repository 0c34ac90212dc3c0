/**
 * Transactions held column by column: one slot per transaction, customers as indexes into
 * `customerIds` (in order of first appearance). Days are whole days since 1970-01-01 (UTC): the
 * customer side works at day resolution, the resolution at which same-day purchases are merged.
 */
export interface TransactionLog {
  customerIds: string[];
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  length: number;
}

/**
 * Appends transactions into growing typed arrays (no per-row objects) and hands out the log.
 *
 * @example
 * const builder = new TransactionLogBuilder();
 * builder.add('c1', dayNumber(1997, 1, 1), 29.33);
 * const log = builder.build();
 */
export class TransactionLogBuilder {
  private readonly indexOf = new Map<string, number>();
  private readonly customerIds: string[] = [];
  private customer = new Int32Array(1024);
  private day = new Int32Array(1024);
  private amount = new Float64Array(1024);
  length = 0;

  /** Append one transaction; returns its index (to add later lines of the same invoice to it). */
  add(customerId: string, day: number, amount: number): number {
    let index = this.indexOf.get(customerId);
    if (index === undefined) {
      index = this.customerIds.length;
      this.indexOf.set(customerId, index);
      this.customerIds.push(customerId);
    }
    return this.addIndexed(index, day, amount);
  }

  /** Append with a customer index already assigned (the simulator numbers its customers itself). */
  addIndexed(customerIndex: number, day: number, amount: number): number {
    if (this.length === this.customer.length) this.grow();
    this.customer[this.length] = customerIndex;
    this.day[this.length] = day;
    this.amount[this.length] = amount;
    return this.length++;
  }

  /** Add to the amount of an earlier transaction (another line of the same invoice). */
  addAmount(transaction: number, amount: number): void {
    this.amount[transaction] = this.amount[transaction]! + amount;
  }

  customerOf(transaction: number): string {
    return this.customerIds[this.customer[transaction]!]!;
  }

  /** Register customer ids in order (for `addIndexed`). */
  setCustomerIds(ids: string[]): void {
    this.indexOf.clear();
    this.customerIds.length = 0;
    for (const id of ids) {
      this.indexOf.set(id, this.customerIds.length);
      this.customerIds.push(id);
    }
  }

  build(): TransactionLog {
    return {
      customerIds: this.customerIds,
      customer: this.customer.slice(0, this.length),
      day: this.day.slice(0, this.length),
      amount: this.amount.slice(0, this.length),
      length: this.length,
    };
  }

  private grow(): void {
    const size = this.customer.length * 2;
    const customer = new Int32Array(size);
    customer.set(this.customer);
    const day = new Int32Array(size);
    day.set(this.day);
    const amount = new Float64Array(size);
    amount.set(this.amount);
    this.customer = customer;
    this.day = day;
    this.amount = amount;
  }
}
