/**
 * What an adapter throws when its provider (EUM/Meta, Razorpay) refuses or fails: the actions map it
 * to an answer the caller can act on (status, code, whether to retry).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly provider: 'eum' | 'razorpay',
    readonly code: string,
    readonly retryable: boolean,
    readonly httpStatus = 502,
  ) {
    super(message);
  }
}

/** A pagination cursor that is not one a store handed out (or was handed out for another query). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor: not a cursor returned by this query');
  }
}

/** A list's cursor that is not one the operator views handed out: the actions answer 400 naming `cursor`. */
export class InvalidListCursorError extends Error {
  override readonly name: string = 'InvalidListCursorError';
  constructor(message = 'cursor: not a cursor this action returned') {
    super(message);
  }
}
