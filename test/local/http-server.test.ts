import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { listStateMachines } from '../../state-machines/substitutions.js';

describe('runtime HTTP server', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false, rules: [], apiToken: 'test-token' });
  });
  afterAll(async () => rt?.stop());

  it('requires the bearer token for actions and read endpoints when one is configured, not for health or webhooks', async () => {
    expect((await fetch(`${rt.url}/executions`)).status).toBe(401);
    expect((await fetch(`${rt.url}/executions`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${rt.url}/executions`, { headers: { authorization: 'Bearer test-token' } })).status).toBe(200);
    expect((await fetch(`${rt.url}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await fetch(`${rt.url}/health`)).status).toBe(200);
    expect((await fetch(`${rt.url}/webhooks/eum`, { method: 'POST', body: '{"Type":"SubscriptionConfirmation"}' })).status).not.toBe(401);
  });

  it('loads every ASL file of state-machines/ (health lists them, no load errors)', async () => {
    const health = (await (await fetch(`${rt.url}/health`)).json()) as { ok: boolean; stateMachines: string[]; stateMachineErrors: unknown[] };
    expect(health.stateMachineErrors).toEqual([]);
    expect(health.stateMachines).toEqual(listStateMachines().map((m) => m.name));
  });

  it('dispatches actions with structured validation errors', async () => {
    const auth = { authorization: 'Bearer test-token', 'content-type': 'application/json' };
    const ok = await fetch(`${rt.url}/actions`, { method: 'POST', headers: auth, body: JSON.stringify({ action: 'list_capabilities' }) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { capabilities: unknown[] }).capabilities.length).toBeGreaterThan(0);
    const bad = await fetch(`${rt.url}/actions`, { method: 'POST', headers: auth, body: 'not json' });
    expect(bad.status).toBe(400);
    const unknown = await rt.action({ action: 'no_such_action' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body.error.code).toBe('UnknownAction');
  });

  it('lists events by detail type and 404s unknown traces and routes', async () => {
    await rt.putEvent('listed.one', { eventId: 'listed-1' }, 'test.local');
    const auth = { authorization: 'Bearer test-token' };
    const listed = (await (await fetch(`${rt.url}/events?detailType=listed.one`, { headers: auth })).json()) as { events: { detail: { eventId: string } }[] };
    expect(listed.events.map((e) => e.detail.eventId)).toEqual(['listed-1']);
    expect((await fetch(`${rt.url}/events/nope/trace`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${rt.url}/nowhere`, { headers: auth })).status).toBe(404);
  });

  it("beyond loopback, answers only SDK calls signed with the runtime's own access key id", async () => {
    const open = await startRuntime({ memory: true, port: 0, host: '0.0.0.0', apiToken: 'wide-token', quiet: true, sandboxes: false, rules: [] });
    try {
      const stranger = new EventBridgeClient({ endpoint: open.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
      const entry = { EventBusName: 'eum-social', Source: 'test.local', DetailType: 'x', Detail: '{}' };
      await expect(stranger.send(new PutEventsCommand({ Entries: [entry] }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      // The handlers' clients use the env the runtime set.
      const own = new EventBridgeClient({ endpoint: open.url, region: 'local', maxAttempts: 1 });
      expect((await own.send(new PutEventsCommand({ Entries: [entry] }))).FailedEntryCount).toBe(0);
    } finally {
      await open.stop();
    }
  });

  it('refuses to bind beyond loopback without a token', async () => {
    const saved = process.env.LOCAL_API_TOKEN;
    delete process.env.LOCAL_API_TOKEN;
    try {
      await expect(startRuntime({ memory: true, port: 0, host: '0.0.0.0', quiet: true, sandboxes: false })).rejects.toThrow(/LOCAL_API_TOKEN/);
    } finally {
      if (saved !== undefined) process.env.LOCAL_API_TOKEN = saved;
    }
  });
});
