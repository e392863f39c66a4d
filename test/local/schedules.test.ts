import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRunDelayMs } from '../../local/bus/schedules.js';
import type { Runtime } from '../../local/runtime.js';
import { globals, startTestRuntime, until } from './helpers.js';

describe('schedule expressions', () => {
  const at = new Date('2026-03-01T10:15:30.000Z');
  it('computes rate(…) intervals', () => {
    expect(nextRunDelayMs('rate(1 hour)', at)).toBe(3_600_000);
    expect(nextRunDelayMs('rate(5 minutes)', at)).toBe(300_000);
    expect(nextRunDelayMs('rate(2 days)', at)).toBe(172_800_000);
  });
  it('computes the next cron(…) time in UTC', () => {
    // daily at 00:20 → next is 2026-03-02T00:20:00Z
    expect(nextRunDelayMs('cron(20 0 * * ? *)', at)).toBe(Date.parse('2026-03-02T00:20:00Z') - at.getTime());
    // every 15 minutes → 10:30
    expect(nextRunDelayMs('cron(0/15 * * * ? *)', at)).toBe(Date.parse('2026-03-01T10:30:00Z') - at.getTime());
    // Mondays (day 2) at 09:00; 2026-03-01 is a Sunday
    expect(nextRunDelayMs('cron(0 9 ? * 2 *)', at)).toBe(Date.parse('2026-03-02T09:00:00Z') - at.getTime());
  });
  it('refuses what it cannot parse', () => {
    expect(nextRunDelayMs('at(2026-01-01T00:00:00)', at)).toBeUndefined();
    expect(nextRunDelayMs('cron(1 2 3)', at)).toBeUndefined();
  });
});

describe('schedules on the runtime', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await startTestRuntime({
      timeScale: 0.001,
      schedules: true,
      scheduleDefinitions: [
        {
          name: 'every-minute',
          description: 'test',
          expression: 'rate(1 minute)',
          target: { kind: 'lambda', name: 'flaky' },
          input: { id: 'tick', at: '<aws.scheduler.scheduled-time>' },
        },
      ],
    });
  });
  afterAll(async () => rt?.stop());

  it('fires on the scaled clock (1 minute ≈ 60 ms) and on demand with runSchedule', async () => {
    globals.__flakyFailures = 0;
    globals.__flakyCalls = [];
    await until(() => (globals.__flakyCalls!.length >= 2 ? true : undefined), 5_000);
    const before = globals.__flakyCalls!.length;
    await rt.runSchedule('every-minute');
    expect(globals.__flakyCalls!.length).toBeGreaterThan(before);
    expect(globals.__flakyCalls!.every((c) => c === 'tick')).toBe(true);
    await expect(rt.runSchedule('nope')).rejects.toThrow(/no schedule named nope/);
  });
});
