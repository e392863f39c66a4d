import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { settled, startRuntimeProcess } from './kit/runtime-process.js';
import { mapLimit, messageStorm, sendAll, type SendResult } from './kit/storm-kit.js';

/**
 * Crash recovery: the runtime runs as its own process (`local/start.ts --data-dir <tmp> --no-seed`),
 * a storm is posted at it, and it is killed with SIGKILL mid-storm. After a restart on the same
 * data, the runbook is followed — replay the archive over the storm's time range, providers redeliver
 * what never got a 2xx — and every delivery acknowledged before the kill must be in the end state.
 */
const UNIQUE = Number(process.env.CRASH_STORM_UNIQUE ?? 1500);
const IN_FLIGHT_SECONDS = 3;
const KILL_AFTER = Math.floor(UNIQUE * 0.4);
const dataDir = mkdtempSync(join(tmpdir(), 'eum-crash-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const startChild = () =>
  startRuntimeProcess(dataDir, {
    LOCAL_RAZORPAY_WEBHOOK_SECRET: `whsec_crash_${randomUUID()}`,
    // A short in-flight window, so the providers' retries outlast a dead delivery's claims within the test.
    DEDUPE_IN_FLIGHT_SECONDS: String(IN_FLIGHT_SECONDS),
  });

async function postAction(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}/actions`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (res.status !== 200) throw new Error(`action answered ${res.status}: ${await res.text()}`);
  return res.json();
}

async function storedKeys(url: string, wamids: string[]): Promise<Set<string>> {
  const present = new Set<string>();
  await mapLimit(wamids, 16, async (wamid) => {
    const res = await fetch(`${url}/actions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'get_message', messageKey: wamid }),
      headers: { 'content-type': 'application/json' },
    });
    if (res.status !== 200) return;
    const body = (await res.json()) as { message: { status?: string }; history: { status: string }[] };
    present.add(`${wamid}|in`);
    for (const h of body.history) present.add(`${wamid}|${h.status}`);
  });
  return present;
}

/** The store key a delivery must leave behind: `wamid|in` for an inbound message, `wamid|<status>` for a status. */
function keyOf(r: SendResult): string {
  const entry = JSON.parse(JSON.parse(JSON.parse(r.delivery.body).Message).whatsAppWebhookEntry);
  const v = entry.changes[0].value;
  return v.messages ? `${v.messages[0].id}|in` : `${v.statuses[0].id}|${v.statuses[0].status}`;
}

describe('crash recovery', () => {
  it('SIGKILL mid-storm, restart, replay: every acknowledged webhook is in the end state', async () => {
    // Prepare
    const ids = { metaWabaId: '102290129340398', metaPhoneNumberId: '106540352242922' };
    const storm = messageStorm(ids, { seed: 4242, unique: UNIQUE, duplicateShare: 0.3, window: 200, tag: 'CRASH' });
    const first = await startChild();
    child = first.proc;
    // A workflow that is waiting when the kill comes: a template approval for a template nobody made yet.
    const probe = await postAction(first.url, { action: 'register_external_template', name: 'crash_probe_waiting', language: 'en_US' });
    const probeArn = (probe as { approval: { executionArn: string } }).approval.executionArn;
    // Replay selects by event time, which is the provider's time (the storm's go back up to an hour).
    const stormStart = new Date(Date.now() - 2 * 3600_000);

    // Act: post, and kill the process without warning once KILL_AFTER answers are in.
    let answered = 0;
    let killedAt = 0;
    const results = await sendAll(first.url, storm.deliveries, 16, () => {
      if (++answered === KILL_AFTER) {
        killedAt = answered;
        first.proc.kill('SIGKILL');
      }
    });
    await new Promise((r) => (first.proc.exitCode !== null || first.proc.signalCode ? r(undefined) : first.proc.once('exit', r)));
    const acked = results.filter((r) => r.status >= 200 && r.status < 300);
    const ackedKeys = new Set(acked.map(keyOf));

    const second = await startChild();
    child = second.proc;
    await settled(second.url);
    // The waiting execution is not silently gone: it is reported as stopped by the crash (ABORTED to the SDK,
    // with the reason), so whoever runs the runtime can start it again.
    const sfn = new SFNClient({ endpoint: second.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const waiting = await sfn.send(new DescribeExecutionCommand({ executionArn: probeArn }));
    const beforeReplay = await storedKeys(second.url, [...storm.inbound, ...storm.expectedStatus.keys()]);
    const missingBeforeReplay = [...ackedKeys].filter((k) => !beforeReplay.has(k)).length;
    // Runbook: replay the archive over the storm's time range (consumers are idempotent).
    const replay = (await (
      await fetch(`${second.url}/events/replay`, {
        method: 'POST',
        body: JSON.stringify({ from: stormStart.toISOString(), to: new Date().toISOString() }),
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as { count: number };
    await settled(second.url);
    const afterReplay = await storedKeys(second.url, [...storm.inbound, ...storm.expectedStatus.keys()]);
    const lostAcked = [...ackedKeys].filter((k) => !afterReplay.has(k));
    // The providers redeliver what never got a 2xx, and keep retrying a 503 with backoff (SNS and
    // Razorpay do, for far longer than the in-flight window); then everything is there.
    const unacked = results.filter((r) => !(r.status >= 200 && r.status < 300));
    let again = await sendAll(
      second.url,
      unacked.map((r) => r.delivery),
      16,
    );
    const firstRedelivery = again;
    let retries = 0;
    for (let round = 0; round < 8 && again.some((r) => r.status === 503); round++) {
      await new Promise((r) => setTimeout(r, 500 * 2 ** Math.min(round, 3)));
      const pending = again.filter((r) => r.status === 503);
      retries += pending.length;
      const answered = await sendAll(
        second.url,
        pending.map((r) => r.delivery),
        16,
      );
      again = [...again.filter((r) => r.status !== 503), ...answered];
    }
    await settled(second.url);
    const end = await storedKeys(second.url, [...storm.inbound, ...storm.expectedStatus.keys()]);
    const allKeys = new Set(results.map(keyOf));
    const lostEnd = [...allKeys].filter((k) => !end.has(k)).length;

    console.log(
      `RELIABILITY crash deliveries_before_kill=${killedAt} acked_before_kill=${acked.length} unacked=${unacked.length} acked_missing_before_replay=${missingBeforeReplay} replayed_events=${replay.count} acked_lost_after_replay=${lostAcked.length} redelivered=${firstRedelivery.length} redelivery_503_in_flight=${firstRedelivery.filter((r) => r.status === 503).length} retries=${retries} still_non2xx=${again.filter((r) => r.status < 200 || r.status >= 300).length} unacked_lost_after_redelivery=${lostEnd}`,
    );
    if (lostAcked.length) console.log(`RELIABILITY crash lost (first 10): ${lostAcked.slice(0, 10).join(' ')}`);

    console.log(`RELIABILITY crash waiting_execution status_after_restart=${waiting.status} error=${waiting.error}`);

    // Assess
    expect(waiting).toMatchObject({ status: 'ABORTED', error: 'Local.Interrupted', cause: expect.stringMatching(/stopped while this execution was running/) });
    expect(acked.length).toBeGreaterThan(0);
    expect(unacked.length).toBeGreaterThan(0); // the kill really happened mid-storm
    expect(lostAcked).toEqual([]);
    // A delivery in flight at the kill left IN_PROGRESS claims: its redelivery is told to retry (503),
    // never "duplicate", and is published once the dead claim's window has passed.
    expect(lostEnd).toBe(0);
  }, 600_000);
});
