import type { EventBridgeEvent } from 'aws-lambda';
import { recordMessageEvent } from '../ingest/record-message.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps, type Deps } from '../wiring/shared.js';

/** Target of the `record-message` rule. Errors throw: the rule retries, then dead-letters. */
export const recordMessageHandler =
  (wiring: () => Pick<Deps, 'messages' | 'identities'>) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const deps = wiring();
    const outcome = await recordMessageEvent(event, deps.messages, deps.identities);
    logger.info('recorded', { detailType: event['detail-type'], outcome, eventId: (event.detail as { eventId?: string }).eventId });
  };

export const handler = instrumented('record-message', recordMessageHandler(getDeps));
