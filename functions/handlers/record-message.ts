import type { EventBridgeEvent } from 'aws-lambda';
import { recordMessageEvent } from '../ingest/record-message.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps } from '../wiring/shared.js';

/** Target of the `record-message` rule. Errors throw: the rule retries, then dead-letters. */
export const handler = instrumented('record-message', async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const deps = getDeps();
  const outcome = await recordMessageEvent(event, deps.messages, deps.identities);
  logger.info('recorded', { detailType: event['detail-type'], outcome, eventId: (event.detail as { eventId?: string }).eventId });
});
