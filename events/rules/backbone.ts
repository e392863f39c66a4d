import { detailTypesRoutedTo } from '../catalog/index.js';
import { AWS_SOCIAL_MESSAGING_SOURCE, EVENT_SOURCE } from '../names.js';
import { FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES } from '../inbound/social-messaging-event.js';
import type { RuleDefinition } from './types.js';

export const backboneRules: RuleDefinition[] = [
  {
    name: 'forward-social-messaging',
    description: 'EUM Social status events on the default bus (incl. handover failed, undeliverable) are normalized like SNS deliveries',
    bus: 'default',
    // Only the detail-types that record something: the others (Received, Handover Succeeded…) would
    // cost one invocation each to be ignored. Their reasons are in SOCIAL_MESSAGING_HANDLING.
    pattern: { source: [AWS_SOCIAL_MESSAGING_SOURCE], 'detail-type': [...FORWARDED_SOCIAL_MESSAGING_DETAIL_TYPES] },
    target: { kind: 'lambda', name: 'ingest-eum' },
  },
  {
    name: 'record-message',
    description: 'Store every inbound/outbound message and status update',
    bus: 'custom',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': detailTypesRoutedTo('record-message'),
    },
    target: { kind: 'lambda', name: 'record-message' },
  },
];
