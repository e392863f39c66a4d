import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { traced } from '../../observability/tracer.js';
import { ProviderError } from '../../ports/errors.js';

let shared: SocialMessagingClient | undefined;

/** The process's one SocialMessaging client; the endpoint follows the SDK's configuration (AWS_ENDPOINT_URL_SOCIALMESSAGING locally). */
export function socialMessagingClient(): SocialMessagingClient {
  shared ??= traced(new SocialMessagingClient({ maxAttempts: 4 }));
  return shared;
}

/** For the local runtime's reset of the live wiring only (wiring/reset.ts): the next call builds the client from the environment again. */
export function dropSharedSocialMessagingClient(): void {
  shared = undefined;
}

/**
 * An adapter over EUM Social: it uses the client it is given, else the shared one, looked up on
 * each call so that constructing an adapter builds nothing and an adapter a wiring cache keeps
 * follows the runtime's reset.
 */
export abstract class EumAdapter {
  constructor(private readonly given?: SocialMessagingClient) {}

  protected get client(): SocialMessagingClient {
    return this.given ?? socialMessagingClient();
  }
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
