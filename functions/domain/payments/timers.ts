/**
 * Durations the PaymentLifecycle waits, in whole minutes. Each clock (until the reminder, then
 * until expiry + grace) is one task-token wait bounded by `TimeoutSecondsPath`; news that ends
 * nothing (a partial payment) resumes the wait, and the resumer says how much of the clock is left.
 */
export const DEFAULT_GRACE_SECONDS = 300;
export const MAX_REMINDER_LEAD_SECONDS = 3600;

export interface LifecycleTimers {
  /** Seconds from now until the reminder; 0 when no reminder is sent. */
  untilReminderSeconds: number;
  /** Seconds from the reminder (or from now, without one) until expiry + grace: then reconcile. */
  untilDeadlineSeconds: number;
  reminder: boolean;
}

const minutes = (s: number) => Math.max(0, Math.ceil(s / 60) * 60);

export function lifecycleTimers(input: { now: Date; expireBy: Date; reminder: boolean; reminderLeadSeconds?: number; graceSeconds?: number }): LifecycleTimers {
  const grace = input.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  const window = Math.max(0, (input.expireBy.getTime() - input.now.getTime()) / 1000);
  if (!input.reminder) return { reminder: false, untilReminderSeconds: 0, untilDeadlineSeconds: minutes(window + grace) };
  // Default lead: an hour before expiry, or half the window for short links.
  const lead = Math.min(input.reminderLeadSeconds ?? Math.min(MAX_REMINDER_LEAD_SECONDS, window / 2), window);
  const untilReminder = Math.floor((window - lead) / 60) * 60;
  return { reminder: true, untilReminderSeconds: untilReminder, untilDeadlineSeconds: minutes(window - untilReminder + grace) };
}

/** Seconds left on a wait that ends by itself at `waitUntil` (epoch seconds); 0 when unknown or past. */
export function secondsLeft(waitUntil: number | undefined, now: Date): number {
  if (waitUntil === undefined || !Number.isFinite(waitUntil)) return 0;
  return Math.max(0, Math.ceil(waitUntil - now.getTime() / 1000));
}
