import { UsageError } from './usage.ts';

/**
 * `90d`, `12w` or `90` → days; anything else is a UsageError naming the option.
 *
 * @example
 * parseDaysOption('13w', '--horizon'); // 91
 */
export function parseDaysOption(text: string, option: string): number {
  const match = /^(\d+)([dw]?)$/.exec(text.trim());
  const days = match ? Number(match[1]) * (match[2] === 'w' ? 7 : 1) : Number.NaN;
  if (!(days >= 1))
    throw new UsageError(`${option} must be a whole number of days (90d) or weeks (13w); got "${text}".`);
  return days;
}

/**
 * A number option within bounds, or a UsageError naming it.
 *
 * @example
 * parseNumberOption('0.3', '--margin', 1e-6, 1); // 0.3
 */
export function parseNumberOption(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!(text.trim() !== '' && value >= min && value <= max)) {
    throw new UsageError(`${option} must be a number in [${min}, ${max}]; got "${text}".`);
  }
  return value;
}
