const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parse a duration such as `90s`, `15m`, `1h`, `24h`, `7d`, `2w` into milliseconds.
 *
 * @example
 * parseDurationMs('24h', '--since'); // 86_400_000
 */
export function parseDurationMs(text: string, what = 'duration'): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!match) {
    throw new RangeError(
      `${what} "${text}" is not a duration: write a number and a unit s|m|h|d|w, e.g. 24h or 15m.`,
    );
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!(ms > 0)) throw new RangeError(`${what} "${text}" must be longer than zero.`);
  return Math.round(ms);
}
