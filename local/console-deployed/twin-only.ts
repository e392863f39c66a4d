import type { JsonReply } from '../server/http-server.js';

/**
 * The console routes only the twin can answer (it records every event, journey and dead letter of
 * its own process, and runs the sandboxes). On a deployed stack they answer 501 with what is missing,
 * why, and where to look in AWS instead; the console shows the message in the view.
 */
const TWIN_ONLY: { test: (method: string, route: string) => boolean; message: string }[] = [
  {
    test: (_, r) => /^\/events\/[^/]+\/journey$/.test(r),
    message:
      'Event journeys are drawn from the local twin’s trace, which records every hop in its own process; a deployed stack keeps no such trace. ' +
      'On AWS, follow an event through CloudWatch Logs Insights over the functions’ log groups (search its eventId), the X-Ray traces of the functions, and the Step Functions executions (here) it started.',
  },
  {
    test: (_, r) => r === '/events' || r === '/patterns/test',
    message:
      'EventBridge does not list the events that crossed a bus; the twin keeps them in memory. ' +
      'On AWS: the bus archive (stack output BusArchiveArn) replays a time range, the rules’ CloudWatch metrics count matches, and “aws events test-event-pattern --event-pattern … --event …” tests a pattern against one event.',
  },
  {
    test: (_, r) => r.startsWith('/sandbox/'),
    message:
      'The simulated customer and the EUM and Razorpay sandboxes exist only in the local twin. ' +
      'On a deployed stack the customer is a real WhatsApp user and Meta and Razorpay decide: use WhatsApp Manager (templates, quality, phone numbers) and the Razorpay Dashboard (test mode for payments).',
  },
  {
    test: (_, r) => r === '/dlq' || r === '/dlq/redrive',
    message:
      'Dead letters of a deployed stack are in the SQS dead-letter queues of the rule targets, not in the twin’s list. ' +
      'On AWS: the SQS console (or “aws sqs receive-message”) shows them, and its “Start DLQ redrive” sends them back; the stack’s alarms (AlarmTopicArn) fire when one fills.',
  },
  {
    test: (_, r) => r === '/replay',
    message: 'Replay on AWS is EventBridge StartReplay from the bus archive: “eum-social replay --from <ISO> --to <ISO> --archive-arn <BusArchiveArn output>”.',
  },
  {
    test: (_, r) => /^\/schedules\/[^/]+\/run$/.test(r),
    message:
      'Schedules of a deployed stack are EventBridge Scheduler schedules: “Run now” exists only in the twin. ' +
      'On AWS, invoke the schedule’s target yourself (“aws lambda invoke”, or start its state machine from the Executions view) or see its next runs in the EventBridge Scheduler console.',
  },
  {
    test: (_, r) => r === '/stream',
    message: 'No live stream from a deployed stack: the views poll Step Functions instead.',
  },
];

export const NOT_AVAILABLE = 'NotAvailableOnDeployedStack';

/** The 501 for a twin-only route; any route this side does not know gets the generic one. */
export function notAvailable(method: string, route: string): JsonReply {
  const known = TWIN_ONLY.find((t) => t.test(method, route));
  const message =
    known?.message ??
    `${method} /console/api${route} is answered by the local twin only. On a deployed stack the console reads executions through Step Functions and runs actions through the signed actions API.`;
  return { statusCode: 501, body: { error: NOT_AVAILABLE, message } };
}

/** What the Health view says about the parts of a deployed stack it cannot show. */
export const HEALTH_NOTE =
  'Rules, schedules, dead letters and work in flight are the twin’s records; for a deployed stack see the EventBridge and EventBridge Scheduler consoles, the SQS dead-letter queues and the CloudWatch dashboard and alarms the stack creates.';
