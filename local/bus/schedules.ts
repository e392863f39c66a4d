import type { ScheduleDefinition } from '../../events/schedules/types.js';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** Milliseconds from `now` to the next run of a `rate(…)` or `cron(…)` expression (UTC), or undefined if unparseable. */
export function nextRunDelayMs(expression: string, now = new Date()): number | undefined {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) return Number(rate[1]) * UNIT_MS[rate[2]!]!;
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const t = new Date(now);
  t.setUTCSeconds(0, 0);
  // Scan minute by minute over at most ~400 days: plenty for the daily/hourly crons we use.
  for (let i = 1; i <= 400 * 24 * 60; i++) {
    t.setTime(t.getTime() + 60_000);
    if (
      matches(min, t.getUTCMinutes(), 0) &&
      matches(hour, t.getUTCHours(), 0) &&
      matches(month, t.getUTCMonth() + 1, 1) &&
      matches(year, t.getUTCFullYear(), 1970) &&
      (dom === '?' || matches(dom, t.getUTCDate(), 1)) &&
      (dow === '?' || matches(dow, t.getUTCDay() + 1, 1))
    ) {
      return t.getTime() - now.getTime();
    }
  }
  return undefined;
}

function matches(field: string, value: number, first: number): boolean {
  if (field === '*' || field === '?') return true;
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText ? Number(stepText) : 1;
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [first, Number.MAX_SAFE_INTEGER];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(Number) as [number, number];
    else [lo, hi] = [Number(range), stepText ? Number.MAX_SAFE_INTEGER : Number(range)];
    return value >= lo && value <= hi && (value - lo) % step === 0;
  });
}

/** Runs schedules on timers scaled by `timeScale`; stop() clears them. */
export class Scheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly schedules: ScheduleDefinition[],
    private readonly timeScale: number,
    private readonly fire: (s: ScheduleDefinition) => Promise<unknown>,
    private readonly log: (msg: string) => void,
  ) {}

  start(): void {
    for (const s of this.schedules) this.arm(s);
  }

  private arm(s: ScheduleDefinition): void {
    if (this.stopped) return;
    const delay = nextRunDelayMs(s.expression);
    if (delay === undefined) {
      this.log(`schedule ${s.name}: cannot parse ${s.expression}; not scheduled (run it with runSchedule)`);
      return;
    }
    const timer = setTimeout(
      () => {
        this.fire(s)
          .catch((err) => this.log(`schedule ${s.name} failed: ${(err as Error).message}`))
          .finally(() => this.arm(s));
      },
      Math.max(10, delay * this.timeScale),
    );
    timer.unref?.();
    this.timers.set(s.name, timer);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** EventBridge Scheduler's context attributes in a schedule's input, filled in for one run. */
export function fillSchedulerAttributes(input: unknown, ctx: { name: string; executionId: string; at: string }): unknown {
  const attrs: Record<string, string> = {
    '<aws.scheduler.schedule-arn>': `arn:aws:scheduler:local:000000000000:schedule/default/${ctx.name}`,
    '<aws.scheduler.scheduled-time>': ctx.at.replace(/\.\d{3}Z$/, 'Z'),
    '<aws.scheduler.execution-id>': ctx.executionId,
    '<aws.scheduler.attempt-number>': '1',
  };
  return JSON.parse(JSON.stringify(input), (_k, v: unknown) => (typeof v === 'string' && v in attrs ? attrs[v] : v));
}
