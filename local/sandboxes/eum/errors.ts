import type { SandboxResponse } from '../shared/http.js';

/** The SocialMessaging error shapes of the SDK model (schemas_0.js): name → HTTP status. */
export const EUM_ERROR_STATUS = {
  ValidationException: 400,
  InvalidParametersException: 400,
  LimitExceededException: 400,
  AccessDeniedException: 403,
  AccessDeniedByMetaException: 403,
  ResourceNotFoundException: 404,
  ThrottledRequestException: 429,
  InternalServiceException: 500,
  DependencyException: 502,
} as const;

export type EumErrorName = keyof typeof EUM_ERROR_STATUS;

export class EumError extends Error {
  constructor(
    readonly type: EumErrorName,
    message: string,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new EumError('ValidationException', message);
export const notFound = (message: string) => new EumError('ResourceNotFoundException', message);

/** restJson1 error: `x-amzn-errortype` header plus `{ message }` (what the SDK's deserializer reads). */
export function errorResponse(err: EumError): SandboxResponse {
  return {
    status: EUM_ERROR_STATUS[err.type],
    headers: { 'x-amzn-errortype': `${err.type}:http://internal.amazon.com/coral/com.amazonaws.socialmessaging/`, 'x-amzn-requestid': 'sandbox' },
    body: { message: err.message },
  };
}
