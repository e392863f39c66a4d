import { PhoneQualityChangedDetail, TemplateQualityChangedDetail } from '../../events/index.js';
import { DynamoQualityStore } from '../adapters/dynamodb/quality-store.js';
import { observationFromPhoneEvent, observationFromTemplateEvent, recordQualityChange } from '../domain/quality/record-change.js';
import { maskPhone } from '../domain/shared/mask.js';
import { describeZodError } from '../domain/shared/zod-errors.js';
import { instrumented, logger } from '../observability/index.js';
import type { QualityStore } from '../ports/quality.js';
import { getDeps } from '../wiring/shared.js';

/**
 * Task of the QualityRecording state machine. Input: the detail of `phone.quality_changed` or
 * `template.quality_changed` (a template change carries `templateId`). Returns the derived events
 * for the state machine to publish; a bad detail fails with `InvalidQualityChange` (not retried).
 */
export const recordQualityChangeHandler = (wiring: () => { qualityStore: QualityStore }) => async (detail: unknown) => {
  const isTemplate = typeof (detail as { templateId?: unknown })?.templateId === 'string';
  const parsed = (isTemplate ? TemplateQualityChangedDetail : PhoneQualityChangedDetail).safeParse(detail);
  if (!parsed.success) {
    const err = new Error(describeZodError(parsed.error));
    err.name = 'InvalidQualityChange';
    throw err;
  }
  const obs = isTemplate ? observationFromTemplateEvent(parsed.data as never) : observationFromPhoneEvent(parsed.data as never);
  const result = await recordQualityChange(wiring().qualityStore, obs, new Date());
  logger.info('quality change', {
    subjectType: obs.subject.type,
    subject: obs.subject.type === 'phone' ? maskPhone(obs.subject.id) : obs.subject.id,
    eventId: obs.eventId,
    outcome: result.outcome,
    direction: result.direction,
  });
  return {
    outcome: result.outcome,
    direction: result.direction,
    reasons: result.reasons,
    ...(result.directionEvent ? { directionEvent: result.directionEvent } : {}),
    ...(result.alertEvent ? { alertEvent: result.alertEvent } : {}),
  };
};

export const handler = instrumented(
  'record-quality-change',
  recordQualityChangeHandler(() => {
    const deps = getDeps();
    return { qualityStore: new DynamoQualityStore(deps.db, deps.tableName) };
  }),
);
