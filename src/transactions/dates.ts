/** Date layouts the readers accept. `iso` also accepts a time after the date (`2010-12-01 08:26:00`). */
export const DATE_FORMATS = ['iso', 'yyyymmdd', 'mm/dd/yyyy', 'dd/mm/yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const MS_PER_DAY = 86_400_000;

/** Whole days since 1970-01-01 of a calendar date, or NaN when the date does not exist (2011-02-30). */
export function dayNumber(year: number, month: number, day: number): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1000 && year <= 9999))
    return Number.NaN;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 02-30 over into March: a round trip catches it.
  return new Date(ms).getUTCDate() === day ? ms / MS_PER_DAY : Number.NaN;
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The day number of a date written in `format`, or NaN when it is not such a date. A time of day after
 * a space or `T` is allowed and ignored (the customer side works in days).
 *
 * @example
 * parseDay('2010-12-01 08:26:00', 'iso'); // 14944
 */
export function parseDay(text: string, format: DateFormat): number {
  const value = text.trim();
  switch (format) {
    case 'yyyymmdd':
      return /^\d{8}$/.test(value)
        ? dayNumber(Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8)))
        : Number.NaN;
    case 'iso': {
      const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(value);
      return match ? dayNumber(Number(match[1]), Number(match[2]), Number(match[3])) : Number.NaN;
    }
    case 'mm/dd/yyyy':
    case 'dd/mm/yyyy': {
      const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T].*)?$/.exec(value);
      if (!match) return Number.NaN;
      const [first, second] = [Number(match[1]), Number(match[2])];
      return format === 'mm/dd/yyyy'
        ? dayNumber(Number(match[3]), first, second)
        : dayNumber(Number(match[3]), second, first);
    }
  }
}

/** A date given on a command line or in a request (ISO `YYYY-MM-DD`), or a one-line error naming the option. */
export function parseIsoDateOption(text: string, option: string): number {
  const day = parseDay(text, 'iso');
  if (Number.isNaN(day))
    throw new RangeError(`${option} ${JSON.stringify(text)} is not a date; write it as YYYY-MM-DD.`);
  return day;
}
