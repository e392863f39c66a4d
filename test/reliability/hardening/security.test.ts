import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import { captureLogs, scanLogs, type CapturedLogs } from './kit/log-scan.js';
import { eumDelivery, inboundEntry, razorpayLinkBody, signRazorpay } from './kit/storm-kit.js';

/**
 * Webhook and API hardening on the local runtime: Razorpay signatures (forged, missing, wrong
 * secret, valid over another body, malformed), replay of an old valid delivery, body size limits,
 * the actions API token beyond loopback, and no secret in the logs of any of it.
 */
const SECRET = `whsec_sec_${randomUUID().replace(/-/g, '')}`;
let rt: Runtime;
let logs: CapturedLogs;
const figures = { forged: 0, refused401: 0, replays: 0, replaysDeduped: 0, oversized: 0, refused413: 0 };

beforeAll(async () => {
  process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET = SECRET;
  logs = captureLogs();
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true });
}, 120_000);
afterAll(async () => {
  await rt?.stop();
  logs?.stop();
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
});

const linkEvents = (linkId: string) => rt.events({ detailType: 'payment.link_updated' }).filter((e) => e.detail.paymentLinkId === linkId);
async function postRzp(body: string, headers: Record<string, string>) {
  const res = await fetch(`${rt.url}/webhooks/razorpay`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

describe('Razorpay webhook signatures', () => {
  it('forged, missing, wrong-secret, malformed and valid-over-another-body signatures: 401 and nothing published', async () => {
    // Prepare
    const linkId = `plink_sec_${randomUUID().slice(0, 8)}`;
    const body = razorpayLinkBody({ id: linkId, amount: 1000 }, 'paid', 1000, 'pay_sec_1', Math.floor(Date.now() / 1000));
    const otherBody = razorpayLinkBody({ id: linkId, amount: 1000 }, 'paid', 1, 'pay_sec_1', Math.floor(Date.now() / 1000));
    const valid = signRazorpay(body, SECRET);
    // Same length as the real one, differing in the first or only the last hex digit.
    const flipFirst = (valid[0] === 'a' ? 'b' : 'a') + valid.slice(1);
    const flipLast = valid.slice(0, -1) + (valid.at(-1) === 'a' ? 'b' : 'a');
    const attempts: [string, Record<string, string>, string][] = [
      ['forged (random hex)', { 'x-razorpay-signature': randomBytes(32).toString('hex') }, body],
      ['missing', {}, body],
      ['empty', { 'x-razorpay-signature': '' }, body],
      ['wrong secret', { 'x-razorpay-signature': signRazorpay(body, 'whsec_not_the_secret') }, body],
      ['valid signature, other body', { 'x-razorpay-signature': valid }, otherBody],
      ['first hex digit changed', { 'x-razorpay-signature': flipFirst }, body],
      ['last hex digit changed', { 'x-razorpay-signature': flipLast }, body],
      ['truncated', { 'x-razorpay-signature': valid.slice(0, 63) }, body],
      ['not hex', { 'x-razorpay-signature': 'z'.repeat(64) }, body],
      ['base64 of the right HMAC', { 'x-razorpay-signature': Buffer.from(valid, 'hex').toString('base64') }, body],
      ['valid HMAC with the secret as the body', { 'x-razorpay-signature': signRazorpay(SECRET, body) }, body],
      ['sha1 length', { 'x-razorpay-signature': valid.slice(0, 40) }, body],
    ];
    // Act
    const answers = [];
    for (const [what, headers, b] of attempts) {
      figures.forged++;
      const r = await postRzp(b, { ...headers, 'x-razorpay-event-id': `evt_${randomUUID()}` });
      if (r.status === 401) figures.refused401++;
      answers.push([what, r.status]);
    }
    await rt.idle();
    // Assess
    expect(answers).toEqual(attempts.map(([what]) => [what, 401]));
    expect(linkEvents(linkId)).toHaveLength(0);
    // The genuine delivery is accepted (the refusals above were about the signature, not the body).
    expect((await postRzp(body, { 'x-razorpay-signature': valid, 'x-razorpay-event-id': `evt_${randomUUID()}` })).status).toBe(200);
    expect(linkEvents(linkId)).toHaveLength(1);
  });

  it('a replayed valid delivery is deduped, with the same or a new event id', async () => {
    const linkId = `plink_replay_${randomUUID().slice(0, 8)}`;
    const body = razorpayLinkBody({ id: linkId, amount: 1000 }, 'paid', 1000, 'pay_replay_1', Math.floor(Date.now() / 1000) - 86_400);
    const headers = { 'x-razorpay-signature': signRazorpay(body, SECRET), 'x-razorpay-event-id': `evt_${randomUUID()}` };
    const first = await postRzp(body, headers);
    const replays = [
      await postRzp(body, headers), // Razorpay's own redelivery
      await postRzp(body, headers),
      await postRzp(body, { ...headers, 'x-razorpay-event-id': `evt_${randomUUID()}` }), // an attacker's replay with a fresh id (the header is not signed)
      await postRzp(body, { 'x-razorpay-signature': headers['x-razorpay-signature'] }), // no event id at all
    ];
    await rt.idle();
    figures.replays += replays.length;
    figures.replaysDeduped += replays.length - (linkEvents(linkId).length - 1);
    expect(first.status).toBe(200);
    expect(replays.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(replays[0]!.body).toMatchObject({ duplicate: true });
    expect(linkEvents(linkId)).toHaveLength(1);
  });
});

describe('body size limits', () => {
  it('Razorpay bodies over 256 KB, EUM and action bodies over 1 MB: 413, nothing published', async () => {
    const before = rt.events().length;
    const big = (n: number) => JSON.stringify({ entity: 'event', event: 'payment_link.paid', pad: 'x'.repeat(n) });
    const rzpBody = big(300 * 1024);
    const cases: [string, string, Record<string, string>][] = [
      ['/webhooks/razorpay', rzpBody, { 'x-razorpay-signature': signRazorpay(rzpBody, SECRET) }],
      [
        '/webhooks/eum',
        eumDelivery(
          { metaWabaId: '1', metaPhoneNumberId: '2' },
          inboundEntry({ metaWabaId: '1', metaPhoneNumberId: '2' }, '919810000005', 'wamid.BIG', 'y'.repeat(1_100_000), 1764000000),
          'inbound',
          'big',
        ).body,
        {},
      ],
      ['/actions', JSON.stringify({ action: 'get_message', messageKey: 'z'.repeat(1_100_000) }), {}],
    ];
    const statuses = [];
    for (const [path, body, headers] of cases) {
      figures.oversized++;
      const res = await fetch(`${rt.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }).catch(() => undefined);
      const status = res?.status ?? 0;
      if (status === 413) figures.refused413++;
      statuses.push([path, status]);
    }
    await rt.idle();
    expect(statuses).toEqual(cases.map(([p]) => [p, 413]));
    expect(rt.events().length).toBe(before);
  });
});

describe('the actions API beyond loopback', () => {
  it('refuses to start without a token; with one, /actions needs it', async () => {
    const saved = process.env.LOCAL_API_TOKEN;
    delete process.env.LOCAL_API_TOKEN;
    try {
      await expect(startRuntime({ memory: true, port: 0, host: '0.0.0.0', quiet: true, sandboxes: false })).rejects.toThrow(/token/i);
    } finally {
      if (saved !== undefined) process.env.LOCAL_API_TOKEN = saved;
    }
    const token = randomBytes(16).toString('hex');
    const open = await startRuntime({ memory: true, port: 0, host: '0.0.0.0', quiet: true, sandboxes: false, apiToken: token });
    try {
      const url = open.url.replace('0.0.0.0', '127.0.0.1');
      const call = (headers: Record<string, string>) =>
        fetch(`${url}/actions`, { method: 'POST', body: JSON.stringify({ action: 'list_actions' }), headers: { 'content-type': 'application/json', ...headers } });
      const none = await call({});
      const wrong = await call({ authorization: `Bearer ${token.replace(/.$/, token.endsWith('0') ? '1' : '0')}` });
      const right = await call({ authorization: `Bearer ${token}` });
      expect([none.status, wrong.status]).toEqual([401, 401]);
      expect(right.status).toBeLessThan(500);
      expect(right.status).not.toBe(401);
    } finally {
      await open.stop();
    }
  });
});

describe('logs', () => {
  it('hold neither the webhook secret nor a full phone number', () => {
    const scan = scanLogs(logs.text(), { secrets: [SECRET], phoneNumbers: ['919810000005'] });
    console.log(
      `RELIABILITY security forged_or_bad_signatures=${figures.forged} refused_401=${figures.refused401} replays=${figures.replays} replays_deduped=${figures.replaysDeduped} oversized=${figures.oversized} refused_413=${figures.refused413}`,
    );
    console.log(`RELIABILITY security logs lines=${scan.lines} secrets_found=${scan.secretHits} full_phone_numbers_found=${scan.phoneHits}`);
    expect(scan.lines).toBeGreaterThan(0);
    expect([scan.secretHits, scan.phoneHits]).toEqual([0, 0]);
  });
});
