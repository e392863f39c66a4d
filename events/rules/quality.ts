import { detailTypesRoutedTo } from '../catalog/index.js';
import { EVENT_SOURCE } from '../names.js';
import type { RuleDefinition } from './types.js';

export const qualityRules: RuleDefinition[] = [
  {
    name: 'quality-recording',
    description: 'Record phone-number and template quality changes (webhook or poll) and raise downgrade/upgrade/alert events',
    bus: 'custom',
    pattern: { source: [EVENT_SOURCE], 'detail-type': detailTypesRoutedTo('quality-recording') },
    target: { kind: 'state-machine', name: 'quality-recording' },
  },
];
