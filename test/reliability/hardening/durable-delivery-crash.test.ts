import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { statusRank } from '../../../functions/domain/messaging/status-order.js';
import { settled, startRuntimeProcess } from './kit/runtime-process.js';
import { mapLimit, messageStorm, sendAll, type SendResult } from './kit/storm-kit.js';

/**
 * Issue 15, finding 9: after a crash the twin delivers durably, as EventBridge retries a target until
 * it succeeds. The runtime runs as its own process, a storm is posted, the process is SIGKILLed
 * mid-storm and started again on the same data — and nothing else: no replay, no redelivery by the
 * provider. Every status acknowledged before the kill must then be applied: in the history, in the
 * message's current status (never behind the highest acknowledged one) and in its `<status>At`.
 */
const UNIQUE = Number(process.env.DURABLE_CRASH_UNIQUE ?? 900);
const KILL_AFTER = Math.floor(UNIQUE * 0.45);
const dataDir = mkdtempSync(join(tmpdir(), 'eum-durable-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const startChild = () => startRuntimeProcess(dataDir, { LOCAL_RAZORPAY_WEBHOOK_SECRET: `whsec_durable_${randomUUID()}` });

interface Stored {
  message: Record<string, unknown> & { status?: string };
  history: { status: string }[];
}

async function getMessage(url: string, wamid: string): Promise<Stored | undefined> {
  const res = await fetch(`${url}/actions`, {
    method: 'POST',
    body: JSON.stringify({ action: 'get_message', messageKey: wamid }),
    headers: { 'content-type': 'application/json' },
  });
  return res.status === 200 ? ((await res.json()) as Stored) : undefined;
}

/** What one acknowledged delivery must leave: an inbound message, or a status of an outbound one. */
function partOf(r: SendResult): { wamid: string; status?: string } {
  const entry = JSON.parse(JSON.parse(JSON.parse(r.delivery.body).Message).whatsAppWebhookEntry);
  const v = entry.changes[0].value;
  return v.messages ? { wamid: v.messages[0].id } : { wamid: v.statuses[0].id, status: v.statuses[0].status };
}

describe('durable target delivery across a crash', () => {
  it('SIGKILL mid-storm, restart, no replay: every acknowledged status is applied', async () => {
    // Prepare
    const ids = { metaWabaId: '102290129340398', metaPhoneNumberId: '106540352242922' };
    const storm = messageStorm(ids, { seed: 9009, unique: UNIQUE, duplicateShare: 0.2, window: 200, tag: 'DURABLE' });
    const first = await startChild();
    child = first.proc;

    // Act: kill without warning once KILL_AFTER answers are in; then only a restart.
    let answered = 0;
    const results = await sendAll(first.url, storm.deliveries, 16, () => {
      if (++answered === KILL_AFTER) first.proc.kill('SIGKILL');
    });
    await new Promise((r) => (first.proc.exitCode !== null || first.proc.signalCode ? r(undefined) : first.proc.once('exit', r)));
    const acked = results.filter((r) => r.status >= 200 && r.status < 300).map(partOf);
    const second = await startChild();
    child = second.proc;
    await settled(second.url);

    // Assess: per message, what was acknowledged against what is stored.
    const expected = new Map<string, Set<string>>();
    for (const p of acked) {
      const set = expected.get(p.wamid) ?? new Set<string>();
      if (p.status) set.add(p.status);
      expected.set(p.wamid, set);
    }
    const problems: string[] = [];
    await mapLimit([...expected], 16, async ([wamid, statuses]) => {
      const stored = await getMessage(second.url, wamid);
      if (!stored) return void problems.push(`${wamid}: not stored`);
      const history = new Set(stored.history.map((h) => h.status));
      const highest = Math.max(0, ...[...statuses].map(statusRank));
      for (const s of statuses) {
        if (!history.has(s)) problems.push(`${wamid}: ${s} not in the history`);
        if (stored.message[`${s}At`] === undefined) problems.push(`${wamid}: ${s}At missing`);
      }
      if (statuses.size && statusRank(stored.message.status ?? '') < highest)
        problems.push(`${wamid}: status ${stored.message.status} behind an acknowledged one (${[...statuses].join(',')})`);
    });
    console.log(`RELIABILITY durable-crash deliveries=${results.length} acked_before_kill=${acked.length} messages_checked=${expected.size} not_applied=${problems.length}`);
    if (problems.length) console.log(`RELIABILITY durable-crash not applied (first 10): ${problems.slice(0, 10).join(' | ')}`);
    expect(acked.length).toBeGreaterThan(0);
    expect(results.some((r) => r.status < 200 || r.status >= 300)).toBe(true); // the kill really came mid-storm
    expect(problems).toEqual([]);
  }, 600_000);
});
