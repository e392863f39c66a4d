import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, DomainEventSchemas } from '../../events/index.js';
import { recordTemplateStatus } from '../domain/templates/service.js';
import { instrumented, logger, measure } from '../observability/index.js';
import { templateDeps, type TemplateDeps } from '../wiring/templates.js';

/**
 * Target of the `record-template-status` rule: applies a template.status_changed (webhook, poll or
 * sync) to the catalogue, resumes the approval waits on it, raises later-life alerts.
 */
export const recordTemplateStatusHandler = (wiring: () => TemplateDeps) => async (event: EventBridgeEvent<string, unknown>) => {
  const d = DomainEventSchemas[DetailType.TemplateStatusChanged].parse(event.detail);
  const result = await recordTemplateStatus(
    { metaTemplateId: d.templateId, status: d.status, reason: d.reason, at: d.occurredAt, name: d.templateName, language: d.language, category: d.category, source: d.source },
    wiring(),
  );
  logger.info('template status', { eventId: d.eventId, templateId: d.templateId, status: d.status, ...result });
  return result;
};

export const handler = instrumented('record-template-status', recordTemplateStatusHandler(templateDeps), measure.templateStatus);
