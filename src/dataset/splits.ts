/** Split names in time order, and their codes in `readProcessedTable().split`. */
export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

export const DEFAULT_SPLIT_FRACTIONS: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };

/** Bad `--split` text. */
export class SplitFractionsError extends Error {
  override name = 'SplitFractionsError';
}

/**
 * Parse `"70/15/15"` (percentages or fractions, normalised to sum 1).
 *
 * @example
 * parseSplitFractions('80/10/10'); // { train: 0.8, validation: 0.1, test: 0.1 }
 */
export function parseSplitFractions(text: string): SplitFractions {
  const parts = text.split('/').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part) || part < 0) || parts[0] <= 0) {
    throw new SplitFractionsError(
      `--split "${text}": give three non-negative numbers train/validation/test, e.g. 70/15/15 (train > 0).`,
    );
  }
  const total = parts[0] + parts[1] + parts[2];
  return { train: parts[0] / total, validation: parts[1] / total, test: parts[2] / total };
}

/**
 * Session-id boundaries: sessions are numbered in file order, so the first ones train and the
 * last ones test (later sessions last). Sessions `< trainEnd` train, `< validationEnd` validate.
 *
 * @example
 * splitBoundaries(100, DEFAULT_SPLIT_FRACTIONS); // { trainEnd: 70, validationEnd: 85 }
 */
export function splitBoundaries(
  sessions: number,
  fractions: SplitFractions,
): { trainEnd: number; validationEnd: number } {
  const trainEnd = Math.round(sessions * fractions.train);
  const validationEnd = Math.max(trainEnd, Math.round(sessions * (fractions.train + fractions.validation)));
  return { trainEnd, validationEnd: Math.min(validationEnd, sessions) };
}

/** Split code (0 train, 1 validation, 2 test) of a session id. */
export function splitOfSession(
  sessionId: number,
  bounds: { trainEnd: number; validationEnd: number },
): number {
  return sessionId < bounds.trainEnd ? 0 : sessionId < bounds.validationEnd ? 1 : 2;
}
