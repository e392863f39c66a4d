import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { traced } from '../../observability/tracer.js';
import { ProviderError } from '../../ports/errors.js';

let client: SocialMessagingClient | undefined;

/** One SocialMessaging client; the endpoint follows the SDK's configuration (AWS_ENDPOINT_URL_SOCIALMESSAGING locally). */
export function socialMessagingClient(): SocialMessagingClient {
  client ??= traced(new SocialMessagingClient({ maxAttempts: 4 }));
  return client;
}

export function setSocialMessagingClient(c: SocialMessagingClient | undefined): void {
  client = c;
}

const RETRYABLE = new Set(['ThrottledRequestException', 'ThrottlingException', 'InternalServiceException', 'DependencyException']);
const CLIENT_FAULTS: Record<string, number> = {
  ValidationException: 400,
  InvalidParametersException: 400,
  ResourceNotFoundException: 404,
  AccessDeniedException: 403,
  AccessDeniedByMetaException: 403,
  LimitExceededException: 429,
  ThrottledRequestException: 429,
};

export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = err as { name?: string; message?: string };
  const code = e.name ?? 'Error';
  return new ProviderError(`EUM Social ${code}: ${e.message ?? 'unknown error'}`, 'eum', code, RETRYABLE.has(code), CLIENT_FAULTS[code] ?? 502);
}
