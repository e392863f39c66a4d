import { defineEvent, detail, EXAMPLE_TIMES } from './define.js';

/** Free-form detail for a workflow's failure report: each state machine adds what names its subject. */
const WorkflowFailedDetail = detail({}).loose();

export const workflowEvents = {
  WorkflowFailed: defineEvent({
    name: 'workflow.failed',
    description: "A state machine's step failed after its retries: which workflow, which execution and subject, and the error (every Catch ends here).",
    publishedBy: 'every state machine (an events:putEvents Task in its ASL file)',
    routedTo: [],
    schema: WorkflowFailedDetail,
    example: {
      eventId: 'workflow-failed:pay-01JKZR0A1B2C3D4E5F6G7H8J9K:SendReminder',
      ...EXAMPLE_TIMES,
      workflow: 'payment-lifecycle',
      failure: 'message',
      executionId: 'arn:aws:states:ap-south-1:123456789012:execution:PaymentLifecycle:pay-01JKZR0A1B2C3D4E5F6G7H8J9K',
      paymentId: 'pay-01JKZR0A1B2C3D4E5F6G7H8J9K',
      error: { Error: 'Social.ThrottlingException', Cause: 'Rate exceeded' },
    },
  }),
};
