import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, DomainEventSchemas } from '../../events/index.js';
import { mediaAdapters, requireMediaBucket } from '../wiring/media.js';
import { storeInboundMedia, type StoreMediaDeps } from '../media/store-inbound-media.js';
import { instrumented, logger } from '../observability/index.js';
import { getDeps } from '../wiring/shared.js';

/** Target of the `store-inbound-media` rule. Errors throw: the rule retries, then dead-letters. */
export const storeMediaHandler =
  (wiring: () => StoreMediaDeps) =>
  async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const detail = DomainEventSchemas[DetailType.MessageReceived].parse(event.detail);
    const outcome = await storeInboundMedia(detail, wiring());
    logger.info('media', { messageId: detail.messageId, type: detail.type, outcome });
  };

/** The live wiring: the media bucket (MEDIA_BUCKET must be set), EUM's media API, the shared message store and publisher. */
export const handler = instrumented(
  'store-media',
  storeMediaHandler(() => {
    const deps = getDeps();
    const adapters = mediaAdapters();
    return {
      bucket: requireMediaBucket(),
      media: adapters.media,
      eumPhoneNumberId: (id) => adapters.eumPhoneNumberId(id),
      messages: deps.messages,
      publisher: deps.publisher,
    };
  }),
);
