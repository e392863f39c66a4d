import { AWS_SOCIAL_MESSAGING_SOURCE, DetailType, EVENT_SOURCE } from '../names.js';
import type { RuleDefinition } from './types.js';

export const backboneRules: RuleDefinition[] = [
  {
    name: 'forward-social-messaging',
    description: 'EUM Social events on the default bus are normalized like SNS deliveries',
    bus: 'default',
    pattern: { source: [AWS_SOCIAL_MESSAGING_SOURCE] },
    target: { kind: 'lambda', name: 'ingest-eum' },
  },
  {
    name: 'record-message',
    description: 'Store every inbound/outbound message and status update',
    bus: 'custom',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        DetailType.MessageReceived,
        DetailType.MessageStatus,
        DetailType.MessageSent,
        DetailType.FlowCompleted,
        DetailType.OrderReceived,
      ],
    },
    target: { kind: 'lambda', name: 'record-message' },
  },
];
