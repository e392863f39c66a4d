import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.js';
import { captureProcessOutput, figure, type LogCapture } from './support/logs.js';
import { buildStormModel, checkEndState, type StormModel } from './support/storm-model.js';
import { seeded } from '../../local/sandboxes/shared/random.js';
import { planStorm, runStorm } from './support/storm.js';

/**
 * Duplicate-and-disorder storm: > 10,000 webhook deliveries (messages, statuses, template status and
 * quality, phone quality, Razorpay payment and refund events signed as Razorpay signs them) through the runtime's
 * real HTTP endpoints, 30 % delivered twice, shuffled within a window. The end state is compared with
 * a model of what it must be. Logs are captured at INFO during the storm and scanned for secrets and
 * full phone numbers.
 */
const secrets = vi.hoisted(() => {
  const s = { webhook: `whsec_storm_${Math.random().toString(36).slice(2)}`, keySecret: `rzp_secret_storm_${Math.random().toString(36).slice(2)}` };
  process.env.LOCAL_RAZORPAY_WEBHOOK_SECRET = s.webhook;
  process.env.LOCAL_RAZORPAY_KEY_SECRET = s.keySecret;
  // Known to the storm's setup, which refunds some payments straight at the Razorpay sandbox's API.
  process.env.LOCAL_RAZORPAY_KEY_ID = 'rzp_test_storm';
  // The logger reads its level when its module is first imported (by the runtime, below).
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  return s;
});

const SEED = Number(process.env.STORM_SEED ?? 20261124);
/** STORM_SCALE < 1 runs a smaller storm while working on the suite; the figures asserted need 1. */
const SCALE = Number(process.env.STORM_SCALE ?? 1);

let rt: Runtime;
let model: StormModel;
let logs: LogCapture | undefined;

beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.01, quiet: true });
  model = await buildStormModel(rt, {
    seed: SEED,
    inbound: Math.round(2200 * SCALE),
    outbound: Math.round(2000 * SCALE),
    phoneQuality: 40,
    templates: 12,
    payments: Math.max(3, Math.round(30 * SCALE)),
    log: figure,
  });
}, 180_000);
afterAll(async () => {
  logs?.stop();
  await rt?.stop();
});

describe('duplicate-and-disorder storm through the HTTP endpoints', () => {
  let figures: { deliveries: number; duplicates: number; lost: number; doubled: number; wrong_state: number };
  let captured = '';

  it('loses nothing, doubles nothing, ends in the right state', async () => {
    // Prepare
    const plan = planStorm(model.deliveries, { duplicateShare: 0.3, window: 300, random: seeded(SEED) });
    figure(`storm: ${plan.stream.length} deliveries (${plan.unique} unique + ${plan.duplicates} duplicates), seed ${SEED}`);
    const started = Date.now();
    // Act
    logs = captureProcessOutput();
    const result = await runStorm(rt.url, plan.stream, {
      concurrency: 8,
      onProgress: (done, total) => figure(`storm: ${done}/${total} delivered (${Math.round((Date.now() - started) / 1000)} s)`),
    });
    await model.settle();
    captured = logs.text();
    const logLines = logs.lines();
    logs.stop();
    logs = undefined;
    figure(
      `storm: answered ${JSON.stringify(Object.fromEntries(result.statusCodes))}, ${result.retried} retried by the sender, settled after ${Math.round((Date.now() - started) / 1000)} s; ${logLines} log lines captured`,
    );
    const check = await checkEndState(rt, model);
    // Assess
    figures = { deliveries: plan.stream.length, duplicates: plan.duplicates, lost: check.lost, doubled: check.doubled, wrong_state: check.wrongState };
    figure(
      `RELIABILITY storm deliveries=${figures.deliveries} duplicates=${figures.duplicates} lost=${figures.lost} doubled=${figures.doubled} wrong_state=${figures.wrong_state}`,
    );
    for (const p of check.problems.slice(0, 20)) figure(`  problem: ${p}`);
    expect(result.errors).toEqual([]);
    expect(result.acknowledged.size).toBe(plan.unique);
    if (SCALE >= 1) expect(plan.stream.length).toBeGreaterThanOrEqual(10_000);
    expect(check.problems).toEqual([]);
    expect({ lost: figures.lost, doubled: figures.doubled, wrong_state: figures.wrong_state }).toEqual({ lost: 0, doubled: 0, wrong_state: 0 });
  });

  it('wrote no secret and no full phone number into the logs of the storm', () => {
    // Prepare: what must never appear
    expect(captured.length, 'the storm produced no log output to scan').toBeGreaterThan(0);
    const forbidden = [
      { what: 'Razorpay webhook secret', value: secrets.webhook },
      { what: 'Razorpay key secret', value: secrets.keySecret },
      ...model.phoneNumbers.map((n) => ({ what: 'full phone number', value: n })),
    ];
    // Act
    const leaks = forbidden.filter((f) => captured.includes(f.value)).map((f) => `${f.what} ${f.value.slice(0, 4)}…`);
    figure(`log scan: ${captured.length} bytes, ${forbidden.length} secrets/phone numbers looked for, ${leaks.length} found`);
    // Assess
    expect(leaks).toEqual([]);
  });
});
