import { dropSharedSocialMessagingClient } from '../adapters/eum/client.js';
import { dropSharedS3Client } from '../adapters/s3/media-bucket.js';
import { dropSharedDeps } from './shared.js';

/**
 * The local runtime's, not a test hook (tests pass their dependencies to the handler factories):
 * after the runtime changes the environment (endpoints, table, bus), the live wiring and the shared
 * SDK clients are built again from it on next use, so a second runtime in one process talks to its
 * own endpoints. It replaces nothing; on Lambda nothing calls it (one wiring per cold start).
 * A module of its own so that no handler bundle carries the S3 and EUM clients for it.
 */
export function resetLiveWiring(): void {
  dropSharedDeps();
  dropSharedSocialMessagingClient();
  dropSharedS3Client();
}
