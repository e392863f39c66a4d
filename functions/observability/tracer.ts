import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray through Powertools. The service comes from POWERTOOLS_SERVICE_NAME (one per function on
 * AWS). Off the Lambda runtime (AWS_EXECUTION_ENV unset) or with POWERTOOLS_TRACE_ENABLED=false,
 * as the local runtime sets for its bundles, every call below is a no-op and nothing is sent.
 * Handler responses are not recorded as trace metadata: they can carry phone numbers and amounts.
 */
export const tracer = new Tracer();

/** An AWS SDK v3 client whose calls appear as subsegments: every client the adapters create goes through here. */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}
