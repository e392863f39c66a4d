import type { SandboxResponse } from '../shared/http.js';

/** Razorpay's error body: `{ error: { code, description, field, source, step, reason, metadata } }`. */
export class RazorpayApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly field: string | null = null,
    readonly code = 'BAD_REQUEST_ERROR',
    readonly source = 'business',
    readonly step = 'payment_initiation',
    readonly reason = 'input_validation_failed',
  ) {
    super(description);
  }
}

export const badRequest = (description: string, field: string | null = null) => new RazorpayApiError(400, description, field);
export const noSuchId = () => new RazorpayApiError(400, 'The id provided does not exist', 'id', 'BAD_REQUEST_ERROR', 'NA', 'NA', 'NA');
export const unauthorized = (description: string) => new RazorpayApiError(401, description, null, 'BAD_REQUEST_ERROR', 'NA', 'NA', 'NA');

export function errorBody(e: RazorpayApiError): SandboxResponse {
  return {
    status: e.status,
    body: { error: { code: e.code, description: e.description, source: e.source, step: e.step, reason: e.reason, metadata: {}, field: e.field } },
  };
}
