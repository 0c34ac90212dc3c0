import { describe, expect, it } from 'vitest';
import { type BoostingLoss, binaryLogLoss, squaredError, tweedieLoss } from '../../src/ml/boosting/index.ts';
import { createRng } from '../../src/ml/random.ts';

function rows(n: number, seed: number, positive: boolean) {
  const rng = createRng(seed);
  const y = Float64Array.from({ length: n }, () =>
    positive ? (rng() < 0.6 ? 0 : rng() * 50) : rng() < 0.3 ? 1 : 0,
  );
  const weight = Float64Array.from({ length: n }, () => 0.5 + rng());
  const F = Float64Array.from({ length: n }, () => (rng() - 0.5) * 8);
  return { y, weight, F };
}

/** The loss of one row, as the definitions say (log loss, squared error, Tweedie deviance). */
function rowLoss(name: string, y: number, f: number, power: number): number {
  if (name === 'log_loss') return Math.log(1 + Math.exp(f)) - y * f;
  if (name === 'squared_error') return (y - f) ** 2;
  const mu = Math.exp(f);
  const first = y > 0 ? y ** (2 - power) / ((1 - power) * (2 - power)) : 0;
  return 2 * (first - (y * mu ** (1 - power)) / (1 - power) + mu ** (2 - power) / (2 - power));
}

const cases: [BoostingLoss, boolean, number][] = [
  [binaryLogLoss, false, 0],
  [squaredError, true, 0],
  [tweedieLoss(1.5), true, 1.5],
];

describe('boosting losses', () => {
  it.each(cases)(
    '$name: the gradient pass gives meanLoss bit for bit, and g, h by the definitions',
    (loss, positive, power) => {
      const n = 1001; // odd, so the two halves differ in size
      const { y, weight, F } = rows(n, 3, positive);
      const g = new Float64Array(n);
      const h = new Float64Array(n);
      const mean = loss.gradientsAndLoss(y, weight, F, g, h);
      expect(Object.is(mean, loss.meanLoss(y, weight, F))).toBe(true);
      let sum = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        sum += weight[i] * rowLoss(loss.name, y[i], F[i], power);
        total += weight[i];
        // First and second derivatives by central differences of the definition.
        const step = 1e-4;
        const up = rowLoss(loss.name, y[i], F[i] + step, power);
        const down = rowLoss(loss.name, y[i], F[i] - step, power);
        const here = rowLoss(loss.name, y[i], F[i], power);
        // g and h are the derivatives of the log loss, and of half the squared error / deviance.
        const scale = loss.name === 'log_loss' ? 1 : 0.5;
        expect(g[i]).toBeCloseTo(weight[i] * scale * ((up - down) / (2 * step)), 4);
        expect(h[i]).toBeCloseTo(weight[i] * scale * ((up - 2 * here + down) / step ** 2), 2);
      }
      expect(mean).toBeCloseTo(sum / total, 10);
    },
  );

  it('sums the loss in the halves two threads use: the row-range function over [0, mid) and [mid, n)', () => {
    const { y, weight, F } = rows(777, 5, false);
    const g = new Float64Array(777);
    const h = new Float64Array(777);
    const mid = 777 >> 1;
    const first = new Float64Array(2);
    const second = new Float64Array(2);
    const { range, power } = binaryLogLoss.gradients;
    range({ y, weight, F, g, h, from: 0, to: mid, power, out: first });
    range({ y, weight, F, g, h, from: mid, to: 777, power, out: second });
    const whole = binaryLogLoss.gradientsAndLoss(y, weight, F, new Float64Array(777), new Float64Array(777));
    expect(Object.is(whole, (first[0] + second[0]) / (first[1] + second[1]))).toBe(true);
  });
});
