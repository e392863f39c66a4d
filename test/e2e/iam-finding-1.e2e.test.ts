import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoWaiterStore } from '../../functions/adapters/dynamodb/waiter-store.js';
import { WAITER_KIND } from '../../functions/domain/payments/service.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { until } from '../support/until.js';

/**
 * Issue 15, finding 1, as it would have shown on AWS: the payments actions (`actions-payments`,
 * since `actions` is split per concern) without `sfn:task-token` cannot resume the waiting
 * PaymentLifecycle when a payment request is cancelled. The twin refuses the
 * SendTaskSuccess as IAM does, and the waiter row survives the failed resume for the retry.
 */
const withoutTaskToken = functionCatalog.map((f) => (f.name === 'actions-payments' ? { ...f, grants: f.grants.filter((g) => g !== 'sfn:task-token') } : f));

let rt: Runtime;
let waiters: DynamoWaiterStore;

beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.005, quiet: true, functionCatalog: withoutTaskToken });
  waiters = new DynamoWaiterStore(DynamoDBDocumentClient.from(rt.dynamo), rt.tableName);
}, 60_000);
afterAll(async () => rt?.stop());

describe('finding 1 re-introduced: actions-payments without sfn:task-token', () => {
  it('cancel_payment_request fails with AccessDenied on SendTaskSuccess, and the waiter is kept', async () => {
    // Arrange
    const created = await rt.action({
      action: 'create_payment_request',
      wa_id: '919812345678',
      origination_phone_number_id: (rt.sandboxes.eum as { phoneNumber: { id: string } }).phoneNumber.id,
      amount: 1000,
      description: 'IAM finding 1',
      reference_id: `IAM-F1-${Date.now().toString(36)}`,
      expire_in_minutes: 30,
    });
    expect(created.statusCode, JSON.stringify(created.body)).toBe(200);
    const { paymentId, paymentLinkId } = created.body.payment as { paymentId: string; paymentLinkId: string };
    const [waiter] = await until(
      'the lifecycle to park its token',
      async () => {
        const list = await waiters.list(WAITER_KIND, paymentLinkId);
        return list.length ? list : undefined;
      },
      20_000,
    );
    // Act
    const cancelled = await rt.action({ action: 'cancel_payment_request', payment_id: paymentId });
    // Assert
    expect(cancelled.statusCode).toBe(500);
    expect(rt.iam.denials).toContainEqual({
      principal: 'actions-payments',
      action: 'states:SendTaskSuccess',
      resource: 'arn:aws:states:local:000000000000:stateMachine:payment-lifecycle',
    });
    expect((await waiters.list(WAITER_KIND, paymentLinkId)).map((w) => w.taskToken)).toEqual([waiter!.taskToken]);
  });
});
