import { afterEach, describe, expect, it } from 'vitest';
import { faults } from '../../../local/faults/switch.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';
import { mapLimit, messageStorm, retryUnacknowledged, sendAll, type PhoneIds } from './kit/storm-kit.js';

/**
 * Fault injection: the same seeded storm runs twice — once fault-free, once with DynamoDB 5xx on
 * a share of writes (half of them after the write, response lost), PutEvents partial failures and
 * a rule target that throws. Providers redeliver what was not acknowledged, the bus retries targets
 * with backoff and jitter and dead-letters what still fails, the DLQ is redriven over HTTP — and
 * the stored end state must equal the fault-free run's, message by message.
 */
const UNIQUE = Number(process.env.FAULT_STORM_UNIQUE ?? 800);
const SEED = 9_0909;
const CONCURRENCY = 16;

type Snapshot = Map<string, string>;

async function runStorm(withFaults: boolean): Promise<{ snapshot: Snapshot; figures: Record<string, number> }> {
  const rt: Runtime = await startRuntime({ memory: true, port: 0, timeScale: 0.001, quiet: true, targetRetry: { attempts: 3, baseDelayMs: 20 } });
  try {
    const ids: PhoneIds = { metaWabaId: rt.sandboxes.eum.phoneNumber.metaWabaId, metaPhoneNumberId: rt.sandboxes.eum.phoneNumber.metaPhoneNumberId };
    const storm = messageStorm(ids, { seed: SEED, unique: UNIQUE, duplicateShare: 0.3, window: 200, tag: 'FAULT' });
    faults.reset();
    if (withFaults) {
      faults.enable({
        seed: SEED,
        dynamoWrites: { rate: 0.04, kind: '5xx', afterWriteShare: 0.5 },
        putEvents: { rate: 0.03 },
        targets: { rate: 0.6, only: ['lambda:record-message'], times: 400 },
      });
    }
    const results = await sendAll(rt.url, storm.deliveries, CONCURRENCY);
    const refused = results.filter((r) => r.status < 200 || r.status >= 300).length;
    await rt.idle(300_000);
    faults.disable();
    const injected = faults.counters();
    // The providers redeliver what was not acknowledged (SNS and Razorpay retry on non-2xx).
    const { retried, stillFailing } = await retryUnacknowledged(rt.url, results, CONCURRENCY);
    await rt.idle(300_000);
    const dlqBefore = ((await (await fetch(`${rt.url}/dlq`)).json()) as { deadLetters: { error: string }[] }).deadLetters;
    const redrive = (await (await fetch(`${rt.url}/dlq/redrive`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json()) as {
      redriven: string[];
      failedAgain: string[];
    };
    await rt.idle(300_000);
    const reasons = new Set(dlqBefore.map((d) => d.error.replace(/\d+/g, 'N').slice(0, 80)));

    const snapshot: Snapshot = new Map();
    await mapLimit([...storm.inbound, ...storm.expectedStatus.keys()], CONCURRENCY, async (wamid) => {
      const res = await rt.action({ action: 'get_message', messageKey: wamid });
      if (res.statusCode !== 200) return;
      const m = res.body.message as { status?: string; direction?: string };
      const history = (res.body.history as { status: string }[])
        .map((h) => h.status)
        .sort()
        .join(',');
      snapshot.set(wamid, `${m.direction}|${m.status ?? ''}|${history}`);
    });
    return {
      snapshot,
      figures: {
        deliveries: storm.deliveries.length,
        refused_first_pass: refused,
        redelivered: retried,
        still_refused: stillFailing,
        dynamo_5xx_before_write: injected.dynamo5xxBefore,
        dynamo_5xx_after_write: injected.dynamo5xxAfterWrite,
        put_events_entries_failed: injected.putEventsEntries,
        target_throws: injected.targetThrows,
        dead_lettered: dlqBefore.length,
        dlq_reasons: reasons.size,
        redriven: redrive.redriven.length,
        failed_again: redrive.failedAgain.length,
        dlq_after: rt.dlq().length,
      },
    };
  } finally {
    faults.disable();
    await rt.stop();
  }
}

afterEach(() => faults.disable());

describe('fault injection and DLQ redrive', () => {
  it('the end state after faults, redelivery and redrive equals the fault-free run', async () => {
    const clean = await runStorm(false);
    const faulty = await runStorm(true);

    let lost = 0;
    let different = 0;
    const examples: string[] = [];
    for (const [wamid, want] of clean.snapshot) {
      const got = faulty.snapshot.get(wamid);
      if (got === undefined) lost++;
      else if (got !== want) different++;
      if (got !== want && examples.length < 10) examples.push(`${wamid}: ${got ?? 'missing'} ≠ ${want}`);
    }
    const f = faulty.figures;
    const injected = f.dynamo_5xx_before_write! + f.dynamo_5xx_after_write! + f.put_events_entries_failed! + f.target_throws!;
    console.log(
      `RELIABILITY faults injected=${injected} retried=${f.redelivered! + f.target_throws!} dead_lettered=${f.dead_lettered} redriven=${f.redriven} lost=${lost} wrong_state=${different}`,
    );
    console.log(
      `RELIABILITY faults detail ${Object.entries(f)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')} messages=${clean.snapshot.size}`,
    );
    if (examples.length) console.log(`RELIABILITY faults differences:\n  ${examples.join('\n  ')}`);

    expect(clean.snapshot.size).toBeGreaterThan(0);
    expect(injected).toBeGreaterThan(0);
    expect(f.dead_lettered).toBeGreaterThan(0);
    expect({ lost, different, stillRefused: f.still_refused, failedAgain: f.failed_again, dlqAfter: f.dlq_after, size: faulty.snapshot.size }).toEqual({
      lost: 0,
      different: 0,
      stillRefused: 0,
      failedAgain: 0,
      dlqAfter: 0,
      size: clean.snapshot.size,
    });
  }, 900_000);
});
