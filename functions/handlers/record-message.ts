import type { EventBridgeEvent } from 'aws-lambda';
import { recordMessageEvent } from '../ingest/record-message.js';
import { correlated, logger } from '../observability/logger.js';
import { getDeps } from '../wiring/shared.js';

/** Target of the `record-message` rule. Errors throw: the rule retries, then dead-letters. */
export const handler = correlated(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const deps = getDeps();
  const outcome = await recordMessageEvent(event, deps.messages, deps.identities);
  logger.info('recorded', { detailType: event['detail-type'], outcome, eventId: (event.detail as { eventId?: string }).eventId });
});
