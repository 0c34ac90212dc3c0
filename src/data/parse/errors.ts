import type { RejectReason } from './rejectReasons.ts';

/** A bad line in strict mode: names the file, the line and the reason. */
export class BadLineError extends Error {
  override name = 'BadLineError';

  constructor(
    readonly source: string,
    readonly lineNumber: number,
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(
      `${source}:${lineNumber}: bad line (${reason}): ${detail}. ` +
        'Strict mode stops at the first bad line; run without --strict to skip and count bad lines.',
    );
  }
}

/** The column separator could not be recognised from the first lines of a file. */
export class SeparatorDetectionError extends Error {
  override name = 'SeparatorDetectionError';
}

/** An input that cannot be read as a behaviour log at all (missing file, empty file, …). */
export class LogInputError extends Error {
  override name = 'LogInputError';
}
