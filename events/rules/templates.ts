import { detailTypesRoutedTo } from '../catalog/index.js';
import { EVENT_SOURCE } from '../names.js';
import type { RuleDefinition } from './types.js';

/** Templates (issue 5): every status report updates the catalogue and resumes the approval waits. */
export const templateRules: RuleDefinition[] = [
  {
    name: 'record-template-status',
    description: 'Template status reports (webhook, poll, sync) update the catalogue, resume TemplateApproval waits and raise PAUSED/DISABLED alerts',
    bus: 'custom',
    pattern: { source: [EVENT_SOURCE], 'detail-type': detailTypesRoutedTo('record-template-status') },
    target: { kind: 'lambda', name: 'record-template-status' },
  },
];
