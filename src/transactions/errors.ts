import type { TransactionRejectReason } from './rejectReasons.ts';

/** A bad line in strict mode: names the file, the line and the reason. */
export class BadTransactionLineError extends Error {
  override name = 'BadTransactionLineError';

  constructor(
    readonly source: string,
    readonly lineNumber: number,
    readonly reason: TransactionRejectReason,
    readonly detail: string,
  ) {
    super(
      `${source}:${lineNumber}: bad line (${reason}): ${detail}. ` +
        'Strict mode stops at the first bad line; run without --strict to skip and count bad lines.',
    );
  }
}

/** An input that cannot be read as a transaction file at all (missing, empty, wrong format, missing column). */
export class TransactionInputError extends Error {
  override name = 'TransactionInputError';
}
