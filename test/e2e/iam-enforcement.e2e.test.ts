import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduleDefinition } from '../../events/schedules/types.js';
import { functionCatalog } from '../../infra/function-catalog.js';
import { DEFAULT_HANDLERS_DIR } from '../../local/bus/lambda-invoker.js';
import { startRuntime, type Runtime } from '../../local/runtime.js';

/**
 * A handler that calls outside its grants gets AccessDeniedException end to end, as on AWS: the
 * real SDK clients, the runtime's endpoints, the message shape AWS uses. The probe function holds
 * only `table:read`.
 */
const PROBE = 'iam-probe';
const FIXTURE_HANDLERS = join(import.meta.dirname, '..', 'fixtures', 'local', 'handlers');
const calls = ['dynamo-get', 'dynamo-put', 'put-events', 'secret', 'eum-list'];
const probeSchedule = (call: string): ScheduleDefinition => ({
  name: `probe-${call}`,
  description: call,
  expression: 'rate(1 day)',
  target: { kind: 'lambda', name: PROBE },
  input: { call },
});
const denial = (action: string, resource: string) =>
  `User: arn:aws:sts::000000000000:assumed-role/eum-social-IamProbeServiceRole/iam-probe is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

let rt: Runtime;
const probe = async (call: string) => (await rt.runSchedule(`probe-${call}`)) as { ok: boolean; name?: string; message?: string; status?: number };

beforeAll(async () => {
  rt = await startRuntime({
    memory: true,
    port: 0,
    timeScale: 0.001,
    quiet: true,
    handlersDir: [FIXTURE_HANDLERS, DEFAULT_HANDLERS_DIR],
    functionCatalog: [...functionCatalog, { name: PROBE, description: 'IAM probe', grants: ['table:read'] }],
    scheduleDefinitions: calls.map(probeSchedule),
  });
}, 60_000);
afterAll(async () => rt?.stop());

describe('IAM enforcement end to end', () => {
  it('allows what the grants cover', async () => {
    expect(await probe('dynamo-get')).toEqual({ ok: true });
  });

  it('refuses a DynamoDB write outside the grants with DynamoDB’s AccessDeniedException, and writes nothing', async () => {
    // Act
    const out = await probe('dynamo-put');
    const item = await rt.dynamo.send(new GetItemCommand({ TableName: rt.tableName, Key: { pk: { S: 'IAMPROBE' }, sk: { S: 'x' } } }));
    // Assert
    expect(out).toEqual({ ok: false, name: 'AccessDeniedException', status: 400, message: denial('dynamodb:PutItem', 'arn:aws:dynamodb:local:000000000000:table/eum-social') });
    expect(item.Item).toBeUndefined();
  });

  it('refuses PutEvents, GetSecretValue and an EUM Social call outside the grants', async () => {
    // Act
    const [events, secret, eum] = [await probe('put-events'), await probe('secret'), await probe('eum-list')];
    // Assert
    expect(events).toEqual({
      ok: false,
      name: 'AccessDeniedException',
      status: 400,
      message: denial('events:PutEvents', 'arn:aws:events:local:000000000000:event-bus/eum-social'),
    });
    expect(secret).toEqual({
      ok: false,
      name: 'AccessDeniedException',
      status: 400,
      message: denial('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:local:000000000000:secret:local/razorpay/api-key'),
    });
    expect(eum).toEqual({ ok: false, name: 'AccessDeniedException', status: 403, message: denial('social-messaging:ListLinkedWhatsAppBusinessAccounts', '*') });
    expect(rt.events({ detailType: 'iam.probe' })).toEqual([]);
  });

  it('records each denial and which grants each function used', async () => {
    expect(rt.iam.denials.filter((d) => d.principal === PROBE).map((d) => d.action)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'events:PutEvents', 'secretsmanager:GetSecretValue', 'social-messaging:ListLinkedWhatsAppBusinessAccounts']),
    );
    expect(rt.iam.unusedGrants().filter((u) => u.principal === PROBE)).toEqual([]);
  });
});
