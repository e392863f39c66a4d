import http from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_IDS, startRuntime, type Runtime } from '../../local/runtime.js';
import { sdkConfig } from './helpers.js';

/** A raw request: fetch will not send a Host header of our choosing. */
function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe("the front door: what a web page in the developer's browser can do to the runtime", () => {
  let rt: Runtime;
  let json: Record<string, string>;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false, rules: [] });
    json = { 'content-type': 'application/json' };
  });
  afterAll(async () => rt?.stop());

  it('refuses a cross-origin POST to /actions and /dlq/redrive with 403, and lets the same origin and no origin through', async () => {
    const evil = { ...json, origin: 'http://evil.example' };
    const action = JSON.stringify({ action: 'list_capabilities' });
    const refused = await request(`${rt.url}/actions`, { method: 'POST', headers: evil, body: action });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ error: 'CrossOriginRefused', field: 'origin' });
    expect((await request(`${rt.url}/dlq/redrive`, { method: 'POST', headers: evil, body: '{}' })).status).toBe(403);
    // A look-alike origin on another port is another origin.
    const otherPort = `http://127.0.0.1:${rt.port + 1}`;
    expect((await request(`${rt.url}/dlq/redrive`, { method: 'POST', headers: { ...json, origin: otherPort }, body: '{}' })).status).toBe(403);
    // The console itself (same origin) and the CLI (no Origin) are served.
    expect((await request(`${rt.url}/actions`, { method: 'POST', headers: { ...json, origin: rt.url }, body: action })).status).toBe(200);
    expect((await request(`${rt.url}/actions`, { method: 'POST', headers: json, body: action })).status).toBe(200);
  });

  it('refuses a POST body that is not application/json with 415 (what a form or a no-cors fetch sends)', async () => {
    const body = JSON.stringify({ action: 'list_capabilities' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await request(`${rt.url}/actions`, { method: 'POST', headers: { 'content-type': type }, body });
      expect([type, res.status]).toEqual([type, 415]);
      expect(JSON.parse(res.text)).toMatchObject({ error: 'UnsupportedMediaType', field: 'content-type' });
    }
    expect((await request(`${rt.url}/dlq/redrive`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await request(`${rt.url}/actions`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body })).status).toBe(200);
    // SNS posts its notifications as text/plain: the EUM webhook keeps taking them.
    const sns = await request(`${rt.url}/webhooks/eum`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: '{"Type":"SubscriptionConfirmation"}' });
    expect(sns.status).not.toBe(415);
  });

  it('refuses a DNS-rebinding Host (evil.example:3000) with 421, on reads and writes; loopback names pass', async () => {
    const rebound = await request(`${rt.url}/executions`, { headers: { host: 'evil.example:3000' } });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.text)).toMatchObject({ error: 'MisdirectedRequest', field: 'host' });
    expect((await request(`${rt.url}/actions`, { method: 'POST', headers: { ...json, host: 'evil.example:3000' }, body: '{"action":"list_capabilities"}' })).status).toBe(421);
    expect((await request(`${rt.url}/health`, { headers: { host: '127.0.0.1.evil.example' } })).status).toBe(421);
    for (const host of [`localhost:${rt.port}`, `127.0.0.1:${rt.port}`, `[::1]:${rt.port}`, 'localhost']) {
      expect([host, (await request(`${rt.url}/health`, { headers: { host } })).status]).toEqual([host, 200]);
    }
  });

  it('answers the console API only with the per-process token (401 without it)', async () => {
    expect(rt.consoleToken.length).toBeGreaterThanOrEqual(32);
    const none = await request(`${rt.url}/console/api/state-machines`, {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ error: 'Unauthorized' });
    expect((await request(`${rt.url}/console/api/dlq`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await request(`${rt.url}/console/api/dlq`, { headers: { authorization: `Bearer ${rt.consoleToken}` } })).status).toBe(200);
  });

  it('does not hand the Razorpay webhook secret to an unsigned Secrets Manager call on loopback', async () => {
    const unsigned = await request(rt.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body: JSON.stringify({ SecretId: SECRET_IDS.razorpayWebhook }),
    });
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.text)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(unsigned.text).not.toContain('whsec_');
    // The runtime's own (signed) clients still read it.
    const signed = await new SecretsManagerClient(sdkConfig(rt.url)).send(new GetSecretValueCommand({ SecretId: SECRET_IDS.razorpayWebhook }));
    expect(signed.SecretString).toMatch(/^whsec_|./);
    expect(unsigned.text).not.toContain(signed.SecretString!);
  });
});
