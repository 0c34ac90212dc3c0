/** Maps a data interval onto a pixel interval, linearly or on log10. */
export interface Scale {
  (value: number): number;
  ticks: number[];
}

/**
 * "Nice" tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, about `count` of them.
 *
 * @example
 * niceTicks(0, 1, 5); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rawStep = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rawStep) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number.parseFloat(t.toPrecision(12)));
  }
  return ticks;
}

export function linearScale(domain: [number, number], range: [number, number], tickCount = 5): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const scale = ((value: number) => r0 + ((value - d0) / span) * (r1 - r0)) as Scale;
  scale.ticks = niceTicks(d0, d1, tickCount);
  return scale;
}

/** log10 scale; ticks at powers of ten inside the domain (which must be positive). */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const span = l1 - l0 || 1;
  const scale = ((value: number) =>
    range[0] + ((Math.log10(value) - l0) / span) * (range[1] - range[0])) as Scale;
  scale.ticks = [];
  for (let p = Math.ceil(l0 - 1e-9); p <= Math.floor(l1 + 1e-9); p++) scale.ticks.push(10 ** p);
  return scale;
}

/** Smallest and largest finite value over several arrays. */
export function extent(arrays: readonly ArrayLike<number>[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return min <= max ? [min, max] : [0, 1];
}

/** [min, max] widened outwards to the nearest nice ticks, so bars and error bars end inside the axis. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  const ticks = niceTicks(min, max, count);
  if (ticks.length < 2) return [min, max];
  const step = ticks[1] - ticks[0];
  return [Math.min(min, ticks[0]), ticks[ticks.length - 1] < max ? ticks[ticks.length - 1] + step : max];
}
