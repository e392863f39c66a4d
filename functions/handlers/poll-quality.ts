import type { DomainEvent } from '../../events/index.js';
import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { EumPhoneNumberDirectory, EumTemplateQualityReader } from '../adapters/eum/phone-numbers.js';
import type { PhoneNumberDirectory, TemplateQualityReader } from '../ports/eum.js';
import { ratingChangeEvent, templateScoreChangeEvent } from '../domain/quality/observe.js';
import type { QualityStore } from '../ports/quality.js';
import { maskPhone } from '../domain/shared/mask.js';
import { instrumented, logger } from '../observability/index.js';
import type { EventPublisher } from '../ports/index.js';
import { getDeps } from '../wiring/shared.js';

/**
 * Polling fallback (schedule target): reads each linked phone number's rating with
 * GetLinkedWhatsAppBusinessAccountPhoneNumber (and each template's quality score with
 * ListWhatsAppMessageTemplates) and publishes `phone.quality_changed` / `template.quality_changed`
 * (source `poll`) for a change the webhooks did not report; the QualityRecording state machine records it.
 */
export async function pollQuality(directory: PhoneNumberDirectory, store: QualityStore, publisher: EventPublisher, now: Date, templates?: TemplateQualityReader) {
  const numbers = await directory.list();
  const publish = async (event: DomainEvent) => {
    const out = await publisher.publish([event]);
    if (out.failed.length) throw new Error(`publishing a polled quality change failed: ${out.failed[0]?.errorCode ?? 'unknown'}`);
  };
  let changed = 0;
  for (const listed of numbers) {
    const phone = (await directory.get(listed.eumPhoneNumberId)) ?? listed;
    const current = await store.getCurrent({ type: 'phone', id: phone.metaPhoneNumberId });
    const event = ratingChangeEvent(phone, current, now);
    if (!event) continue;
    await publish(event);
    changed += 1;
    logger.info('quality rating change found by polling', { phone: maskPhone(phone.metaPhoneNumberId), rating: phone.qualityRating, previous: current?.rating });
  }
  let templatesChecked = 0;
  let templatesChanged = 0;
  if (templates) {
    for (const wabaId of new Set(numbers.map((n) => n.linkedWabaId).filter((w): w is string => !!w))) {
      try {
        for (const t of await templates.list(wabaId)) {
          templatesChecked += 1;
          const event = templateScoreChangeEvent(t, await store.getCurrent({ type: 'template', id: t.templateId }), now);
          if (!event) continue;
          await publish(event);
          templatesChanged += 1;
        }
      } catch (err) {
        // Phone numbers matter most: a template listing failure is logged, not fatal.
        logger.warn('template quality poll failed', { error: (err as Error).message });
      }
    }
  }
  return { checked: numbers.length, changed, templatesChecked, templatesChanged };
}

export interface PollQualityWiring {
  phoneDirectory: PhoneNumberDirectory;
  qualityStore: QualityStore;
  publisher: EventPublisher;
  templateQuality: TemplateQualityReader;
}

export const pollQualityHandler = (wiring: () => PollQualityWiring) => async () => {
  const w = wiring();
  return pollQuality(w.phoneDirectory, w.qualityStore, w.publisher, new Date(), w.templateQuality);
};

export const handler = instrumented(
  'poll-quality',
  pollQualityHandler(() => {
    const deps = getDeps();
    return {
      phoneDirectory: new EumPhoneNumberDirectory(),
      qualityStore: new DynamoQualityStore(deps.db, deps.tableName),
      publisher: deps.publisher,
      templateQuality: new EumTemplateQualityReader(),
    };
  }),
);
