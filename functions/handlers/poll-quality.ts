import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { EumPhoneNumberDirectory, type PhoneNumberDirectory } from '../adapters/eum/phone-numbers.js';
import { ratingChangeEvent } from '../domain/quality/observe.js';
import type { QualityStore } from '../domain/quality/ports.js';
import { maskPhone } from '../domain/shared/mask.js';
import { logger } from '../observability/logger.js';
import type { EventPublisher } from '../ports/index.js';
import { getDeps } from '../wiring.js';

/**
 * Polling fallback (schedule target): reads each linked phone number's rating with
 * GetLinkedWhatsAppBusinessAccountPhoneNumber and publishes `phone.quality_changed` (source `poll`)
 * for a rating the webhooks did not report; the QualityRecording state machine records it.
 */
export async function pollQuality(directory: PhoneNumberDirectory, store: QualityStore, publisher: EventPublisher, now: Date) {
  const numbers = await directory.list();
  const changed: string[] = [];
  for (const listed of numbers) {
    const phone = (await directory.get(listed.eumPhoneNumberId)) ?? listed;
    const current = await store.getCurrent({ type: 'phone', id: phone.metaPhoneNumberId });
    const event = ratingChangeEvent(phone, current, now);
    if (!event) continue;
    const out = await publisher.publish([event]);
    if (out.failed.length) throw new Error(`publishing a polled rating failed: ${out.failed[0]?.errorCode ?? 'unknown'}`);
    changed.push(phone.metaPhoneNumberId);
    logger.info('quality rating change found by polling', { phone: maskPhone(phone.metaPhoneNumberId), rating: phone.qualityRating, previous: current?.rating });
  }
  return { checked: numbers.length, changed: changed.length };
}

export const handler = async () => {
  const deps = getDeps();
  return pollQuality(new EumPhoneNumberDirectory(), new DynamoQualityStore(deps.db, deps.tableName), deps.publisher, new Date());
};
