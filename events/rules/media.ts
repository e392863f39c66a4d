import { detailTypesRoutedTo } from '../catalog/index.js';
import { EVENT_SOURCE } from '../names.js';
import type { RuleDefinition } from './types.js';

export const mediaRules: RuleDefinition[] = [
  {
    name: 'store-inbound-media',
    description: 'Fetch every inbound image/audio/video/document/sticker into the media bucket (off the webhook path)',
    bus: 'custom',
    pattern: { source: [EVENT_SOURCE], 'detail-type': detailTypesRoutedTo('store-inbound-media'), detail: { media: { id: [{ exists: true }] } } },
    target: { kind: 'lambda', name: 'store-media' },
  },
];
