import { detailTypesRoutedTo } from '../catalog/index.js';
import { EVENT_SOURCE } from '../names.js';
import type { RuleDefinition } from './types.js';

/** Payments (issue 6): provider webhooks into the payment store; WhatsApp carts into payment requests. */
export const paymentRules: RuleDefinition[] = [
  {
    name: 'record-payment-event',
    description: 'Razorpay link/payment/refund updates and Meta payment statuses update the stored payment and resume its lifecycle',
    bus: 'custom',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': detailTypesRoutedTo('record-payment-event'),
    },
    target: { kind: 'lambda', name: 'record-payment-event' },
  },
  {
    name: 'payment-from-order',
    description: 'An inbound WhatsApp cart becomes a payment request for its total (when ORDER_TO_PAYMENT=on)',
    bus: 'custom',
    pattern: { source: [EVENT_SOURCE], 'detail-type': detailTypesRoutedTo('payment-from-order'), detail: { totalMinor: [{ numeric: ['>', 0] }] } },
    target: { kind: 'lambda', name: 'payment-from-order' },
  },
];
