/**
 * Per-customer repeat-purchase history, the input of BG/NBD (Fader, Hardie & Lee 2005, notation of the
 * paper): `x` repeat purchases, `tx` the time of the last purchase and `T` the time since the first,
 * both measured from the first purchase in one time unit (weeks or days: the caller's choice, kept with
 * the model). Parallel arrays, one slot per customer.
 */
export interface RepeatPurchaseData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/** Mean repeat spend per customer, the input of Gamma-Gamma: `x` repeat purchases and their mean value `zbar`. */
export interface RepeatSpendData {
  x: Float64Array;
  zbar: Float64Array;
}

/** Throw a sentence naming the first customer whose (x, tx, T) is impossible. */
export function checkRepeatPurchaseData(model: string, { x, tx, T }: RepeatPurchaseData): void {
  if (tx.length !== x.length || T.length !== x.length) {
    throw new RangeError(
      `${model}: x, tx and T must have one value per customer (${x.length}, ${tx.length}, ${T.length}).`,
    );
  }
  if (x.length === 0) throw new RangeError(`${model}: no customers to fit; give at least one customer.`);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const txi = tx[i]!;
    const Ti = T[i]!;
    const ok =
      Number.isInteger(xi) &&
      xi >= 0 &&
      txi >= 0 &&
      Ti >= txi &&
      Number.isFinite(Ti) &&
      (xi > 0 || txi === 0);
    if (!ok) {
      throw new RangeError(
        `${model}: customer ${i} has x=${xi}, tx=${txi}, T=${Ti}; need an integer x ≥ 0 and 0 ≤ tx ≤ T ` +
          '(tx = 0 when x = 0), all measured from the first purchase.',
      );
    }
  }
}

/**
 * The distinct values of x and, per customer, the index of its value: likelihood terms that depend on
 * x alone (log-gamma and digamma of r + x, b + x, …) are then computed once per distinct x, not per customer.
 */
export interface FrequencyLevels {
  values: Float64Array;
  counts: Float64Array;
  levelOf: Int32Array;
}

export function frequencyLevels(x: Float64Array): FrequencyLevels {
  const indexOf = new Map<number, number>();
  const levelOf = new Int32Array(x.length);
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let level = indexOf.get(x[i]!);
    if (level === undefined) {
      level = values.length;
      indexOf.set(x[i]!, level);
      values.push(x[i]!);
      counts.push(0);
    }
    counts[level]!++;
    levelOf[i] = level;
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts), levelOf };
}
