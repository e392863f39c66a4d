import { MAX_PUT_EVENTS_BYTES, putEventsEntrySize } from '../../events/entry-size.js';
import { AwsError } from '../aws-endpoints/json-protocol.js';
import type { PutEventsEntry } from './types.js';

/**
 * What EventBridge and Lambda enforce on the calls the twin serves. Sizes as AWS documents them:
 * a PutEvents request's entries together ≤ 256 KB (`events/entry-size.ts`), else the whole request is
 * refused with a ValidationException; a synchronous Lambda invoke's request ≤ 6 MB and its response
 * ≤ 6 MB (+100 bytes of envelope, as the service reports it).
 */
export const LAMBDA_SYNC_REQUEST_BYTES = 6 * 1024 * 1024;
export const LAMBDA_SYNC_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export function assertPutEventsRequestSize(entries: PutEventsEntry[]): void {
  const total = entries.reduce((n, e) => n + putEventsEntrySize(e), 0);
  if (total > MAX_PUT_EVENTS_BYTES) throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
}

/** Lambda refuses the invoke itself: the caller gets the exception, the function never runs. */
export class LambdaRequestTooLargeError extends Error {
  override readonly name = 'Lambda.RequestEntityTooLargeException';
}

export function assertLambdaRequestSize(payloadJson: string): void {
  const bytes = Buffer.byteLength(payloadJson);
  if (bytes > LAMBDA_SYNC_REQUEST_BYTES) {
    throw new LambdaRequestTooLargeError(`${bytes} byte payload is too large for the RequestResponse invocation type (limit ${LAMBDA_SYNC_REQUEST_BYTES} bytes)`);
  }
}

/** The function ran, but its result cannot be returned: the invoke answers a function error. */
export function lambdaResponseTooLarge(resultJson: string): { errorType: string; errorMessage: string } | undefined {
  if (Buffer.byteLength(resultJson) <= LAMBDA_SYNC_RESPONSE_BYTES) return undefined;
  return { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${LAMBDA_SYNC_RESPONSE_BYTES} bytes).` };
}
