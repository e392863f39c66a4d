import type { SNSEvent } from 'aws-lambda';
import type { AWS_SOCIAL_MESSAGING_SOURCE } from '../../events/index.js';
import { ingestEumMessage, ingestSocialMessagingEvent, type IngestDeps } from '../ingest/eum-ingest.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps } from '../wiring/shared.js';

type SocialMessagingBusEvent = { source: typeof AWS_SOCIAL_MESSAGING_SOURCE };

/**
 * Subscribed to the EUM event-destination SNS topic, and target of the default-bus rule for
 * `aws.social-messaging`. Bad payloads are kept and logged (retrying cannot fix them); publish
 * failures and events another delivery still holds throw so SNS/EventBridge retry, and the dedupe
 * store keeps that retry from doubling.
 */
export const ingestEumHandler =
  (wiring: () => IngestDeps) =>
  async (event: SNSEvent | SocialMessagingBusEvent): Promise<void> => {
    const deps = wiring();
    const reports = 'Records' in event ? await Promise.all(event.Records.map((r) => ingestEumMessage(r.Sns.Message, deps))) : [await ingestSocialMessagingEvent(event, deps)];
    const failed = reports.flatMap((r) => r.failed);
    if (failed.length) {
      logger.error('publish failed; asking for a retry', { failed });
      throw new Error(`${failed.length} events could not be published`);
    }
    // Held by another delivery that has not finished (or crashed before it could): retry later, when
    // that one has completed (then they are duplicates) or its claim has expired (then we publish).
    const inFlight = reports.flatMap((r) => r.inFlight);
    if (inFlight.length) {
      logger.warn('events in flight in another delivery; asking for a retry', { inFlight });
      throw new Error(`${inFlight.length} events are being published by another delivery`);
    }
  };

export const handler = instrumented('ingest-eum', ingestEumHandler(getDeps));
