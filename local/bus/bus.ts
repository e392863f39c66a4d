import { randomUUID } from 'node:crypto';
import { matchesPattern } from '../../events/pattern-matcher.js';
import { BUS_NAME } from '../../events/names.js';
import type { RuleDefinition, RuleTarget } from '../../events/rules/types.js';
import type { DeadLetterQueue } from '../dlq/dlq.js';
import type { Activity } from '../server/activity.js';
import { currentTrace, withTrace, type TraceStore } from '../trace/trace.js';
import type { EventArchive } from './archive.js';
import { DeliveryOutbox, type PendingDelivery } from './outbox.js';
import { putEntryFault, targetFault } from '../faults/switch.js';
import { MAX_PUT_EVENTS_BYTES, putEventsEntrySize } from '../../events/entry-size.js';
import { assertPutEventsRequestSize } from './limits.js';
import type { BusEvent, BusEventRecord, PutEventsEntry, PutEventsResultEntry } from './types.js';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';

export interface RetryPolicy {
  /** Attempts per target delivery, the first included. */
  attempts: number;
  /** Backoff base: attempt n waits a random time in [0, base·2ⁿ) (full jitter). */
  baseDelayMs: number;
}

export type TargetInvoker = (target: RuleTarget, event: BusEvent, ruleName: string) => Promise<unknown>;

export interface BusOptions {
  rules: RuleDefinition[];
  archive: EventArchive;
  dlq: DeadLetterQueue;
  trace: TraceStore;
  activity: Activity;
  invokeTarget: TargetInvoker;
  retry?: Partial<RetryPolicy>;
  customBusName?: string;
  log?: (msg: string) => void;
  /** Write-ahead record of target deliveries (default: in memory only). */
  outbox?: DeliveryOutbox;
  /** A delivery still pending after a restart is dead-lettered once its event is this old (EventBridge: 24 h). */
  maxEventAgeMs?: number;
}

/** EventBridge's default retry policy keeps an event for 24 hours. */
const DEFAULT_MAX_EVENT_AGE_MS = 24 * 3600_000;

/**
 * An in-process EventBridge: the custom bus and the default bus, routing with the rules of
 * `events/rules` and the project's pattern matcher. An event is archived before PutEvents
 * answers; targets are invoked afterwards, with retries, then dead-lettered.
 */
export class LocalBus {
  private readonly recorded: BusEventRecord[] = [];
  private readonly listeners = new Set<(e: BusEventRecord) => void>();
  private readonly dispatchListeners = new Set<(e: BusEventRecord) => void>();
  private readonly retry: RetryPolicy;
  private readonly customBusName: string;
  private readonly outbox: DeliveryOutbox;
  /** Test hook: the next N entries fail with an InternalException, as EventBridge sometimes does. */
  failNextEntries = 0;

  constructor(private readonly opts: BusOptions) {
    this.retry = { attempts: 3, baseDelayMs: 50, ...opts.retry };
    this.customBusName = opts.customBusName ?? BUS_NAME;
    this.outbox = opts.outbox ?? new DeliveryOutbox(undefined);
  }

  /** Resolves a bus name or ARN; undefined when no such bus exists here. */
  resolveBus(name: string | undefined): 'custom' | 'default' | undefined {
    const short = (name ?? 'default').replace(/^arn:aws:events:[^:]*:[^:]*:event-bus\//, '');
    if (short === 'default') return 'default';
    if (short === this.customBusName) return 'custom';
    return undefined;
  }

  /** PutEvents semantics: per-entry results, failures counted, valid entries kept. */
  async putEvents(entries: PutEventsEntry[]): Promise<{ Entries: PutEventsResultEntry[]; FailedEntryCount: number }> {
    assertPutEventsRequestSize(entries); // over 256 KB in all: the whole request is refused
    const results: PutEventsResultEntry[] = [];
    const accepted: { bus: 'custom' | 'default'; event: BusEvent }[] = [];
    for (const entry of entries) {
      const problem = this.validate(entry);
      if (problem) {
        results.push(problem);
        continue;
      }
      if (putEntryFault()) {
        results.push({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected failure (local/faults)' });
        continue;
      }
      if (this.failNextEntries > 0) {
        this.failNextEntries--;
        results.push({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected failure (local runtime test hook)' });
        continue;
      }
      const event = this.toEvent(entry);
      accepted.push({ bus: this.resolveBus(entry.EventBusName)!, event });
      results.push({ EventId: event.id });
    }
    const archivedAt = new Date().toISOString();
    // Archived, and every target delivery on disk, before PutEvents answers: a crash after the answer
    // loses no delivery (the next start redelivers what was pending).
    const routed = accepted.map((a) => ({ ...a, deliveries: this.route(a.bus, a.event) }));
    const [, recorded] = await Promise.all([this.opts.archive.add(accepted.map((a) => ({ ...a, archivedAt }))), this.outbox.add(routed.flatMap((r) => r.deliveries))]);
    const ctx = currentTrace();
    let next = 0;
    for (const { bus, event, deliveries } of routed) {
      const eventId = eventIdOf(event);
      this.opts.trace.alias(event.id, eventId);
      this.opts.trace.record(eventId, ctx?.eventId && ctx.eventId !== eventId ? 'event-published' : 'ingress', {
        actor: ctx?.actor ?? 'PutEvents',
        causedBy: ctx?.eventId && ctx.eventId !== eventId ? ctx.eventId : undefined,
        bus: bus === 'custom' ? this.customBusName : 'default',
        detailType: event['detail-type'],
        busEventId: event.id,
      });
      if (ctx?.eventId && ctx.eventId !== eventId) {
        this.opts.trace.record(ctx.eventId, 'event-published', { actor: ctx.actor, publishedEventId: eventId, detailType: event['detail-type'] });
      }
      this.dispatch(bus, event, recorded.slice(next, (next += deliveries.length)));
    }
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  }

  /** Re-sends archived events of a time range through the rules (EventBridge replay). */
  replay(input: { from: Date; to: Date; name?: string; bus?: 'custom' | 'default' }): { replayName: string; count: number } {
    const replayName = input.name ?? `replay-${Date.now()}`;
    const items = this.opts.archive.range(input.from, input.to, input.bus);
    for (const item of items) {
      const event = { ...item.event, 'replay-name': replayName };
      void this.opts.activity.track(async () => this.dispatch(item.bus, event, await this.outbox.add(this.route(item.bus, event))));
    }
    return { replayName, count: items.length };
  }

  /** After a restart: the archived custom-bus events become visible to `events()` again (not re-routed). */
  restoreHistory(archived: { bus: 'custom' | 'default'; event: BusEvent }[]): void {
    for (const { bus, event } of archived) if (bus === 'custom' && !event['replay-name']) this.recorded.push(toRecord(event, bus));
  }

  events(filter?: { detailType?: string }): BusEventRecord[] {
    return this.recorded.filter((e) => !filter?.detailType || e.detailType === filter.detailType);
  }

  /** Every event routed on either bus, replays included (the console's live stream). */
  onDispatch(listener: (e: BusEventRecord) => void): () => void {
    this.dispatchListeners.add(listener);
    return () => this.dispatchListeners.delete(listener);
  }

  onEvent(listener: (e: BusEventRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * After a restart: the deliveries the last process accepted and did not finish are retried, as
   * EventBridge retries a target until it succeeds; past the maximum event age they are dead-lettered.
   */
  resumePending(pending: PendingDelivery[]): number {
    const maxAge = this.opts.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
    for (const p of pending) {
      const age = Date.now() - Date.parse(p.acceptedAt);
      this.opts.trace.record(eventIdOf(p.event), 'delivery-resumed', { actor: `${p.target.kind}:${p.target.name}`, rule: p.rule, acceptedAt: p.acceptedAt });
      if (age > maxAge) {
        const error = `MaximumEventAgeExceeded: pending since ${p.acceptedAt}, older than ${maxAge} ms when the runtime restarted`;
        this.opts.dlq.add({ rule: p.rule, target: p.target, event: p.event, error, attempts: 0 });
        this.outbox.done(p.id);
        continue;
      }
      void this.opts.activity.track(this.deliver(p.rule, p.target, p.event, p.id));
    }
    return pending.length;
  }

  /** Delivers one event to one target with the retry policy; dead-letters after the last attempt. */
  async deliver(rule: string, target: RuleTarget, event: BusEvent, outboxId?: string): Promise<boolean> {
    try {
      return await this.attempt(rule, target, event);
    } finally {
      // Succeeded or dead-lettered (the DLQ holds it now): either way no longer pending.
      if (outboxId) this.outbox.done(outboxId);
    }
  }

  private async attempt(rule: string, target: RuleTarget, event: BusEvent): Promise<boolean> {
    const eventId = eventIdOf(event);
    const actor = `${target.kind}:${target.name}`;
    let lastError = '';
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        targetFault(actor); // local/faults: off unless a test switches it on
        await withTrace({ eventId, actor }, () => this.opts.invokeTarget(target, event, rule));
        this.opts.trace.record(eventId, 'target-invoked', { actor, rule, target, attempt, outcome: 'ok' });
        return true;
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        this.opts.trace.record(eventId, 'target-failed', { actor, rule, target, attempt, error: lastError });
        if (attempt < this.retry.attempts) {
          const cap = this.retry.baseDelayMs * 2 ** (attempt - 1);
          await new Promise((r) => setTimeout(r, Math.random() * cap));
        }
      }
    }
    const letter = this.opts.dlq.add({ rule, target, event, error: lastError, attempts: this.retry.attempts });
    this.opts.trace.record(eventId, 'dead-lettered', { actor, rule, target, dlqId: letter.id, error: lastError });
    this.opts.log?.(`rule ${rule} → ${actor} failed ${this.retry.attempts}× (${lastError}); dead-lettered as ${letter.id}`);
    return false;
  }

  /** Redrives dead letters (all, or the given ids) to their original target. */
  async redrive(ids?: string[]): Promise<{ redriven: string[]; failedAgain: string[] }> {
    const letters = this.opts.dlq.list().filter((l) => !ids || ids.includes(l.id));
    const redriven: string[] = [];
    const failedAgain: string[] = [];
    for (const letter of letters) {
      // In the outbox before it leaves the DLQ: a crash mid-redrive redelivers it on the next start.
      const [pending] = await this.outbox.add([{ rule: letter.rule, target: letter.target, event: letter.event }]);
      this.opts.dlq.remove(letter.id);
      const ok = await this.opts.activity.track(this.deliver(letter.rule, letter.target, letter.event, pending!.id));
      (ok ? redriven : failedAgain).push(letter.id);
    }
    return { redriven, failedAgain };
  }

  /** The target deliveries an event makes: one per rule of its bus whose pattern matches. */
  private route(bus: 'custom' | 'default', event: BusEvent): Omit<PendingDelivery, 'id' | 'acceptedAt'>[] {
    const out: Omit<PendingDelivery, 'id' | 'acceptedAt'>[] = [];
    for (const rule of this.opts.rules) {
      if (rule.bus !== bus) continue;
      let matched = false;
      try {
        matched = matchesPattern(rule.pattern, event);
      } catch (err) {
        this.opts.log?.(`rule ${rule.name} has an invalid pattern: ${(err as Error).message}`);
      }
      if (matched) out.push({ rule: rule.name, target: rule.target, event });
    }
    return out;
  }

  private dispatch(bus: 'custom' | 'default', event: BusEvent, deliveries: PendingDelivery[]): void {
    if (this.dispatchListeners.size) for (const l of this.dispatchListeners) l(toRecord(event, bus));
    if (bus === 'custom') {
      const record = toRecord(event, bus);
      this.recorded.push(record);
      for (const l of this.listeners) l(record);
    }
    const eventId = eventIdOf(event);
    for (const d of deliveries) {
      this.opts.trace.record(eventId, 'rule-matched', { rule: d.rule, target: d.target });
      void this.opts.activity.track(this.deliver(d.rule, d.target, event, d.id));
    }
  }

  private validate(entry: PutEventsEntry): PutEventsResultEntry | undefined {
    const fail = (ErrorCode: string, ErrorMessage: string) => ({ ErrorCode, ErrorMessage });
    if (!this.resolveBus(entry.EventBusName)) return fail('NotAuthorizedForDestination', `event bus ${entry.EventBusName} does not exist`);
    if (!entry.Source) return fail('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
    if (!entry.DetailType) return fail('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    if (!entry.Detail) return fail('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return fail('MalformedDetail', 'Detail is malformed.');
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return fail('MalformedDetail', 'Detail is malformed.');
    if (putEventsEntrySize(entry) > MAX_PUT_EVENTS_BYTES) return fail('InvalidArgument', 'Total size of the entries in the request is over the limit.');
    return undefined;
  }

  private toEvent(entry: PutEventsEntry): BusEvent {
    const time = entry.Time === undefined ? new Date() : typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date(entry.Time);
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType!,
      source: entry.Source!,
      account: LOCAL_ACCOUNT,
      time: (Number.isNaN(time.getTime()) ? new Date() : time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: entry.Resources ?? [],
      detail: JSON.parse(entry.Detail!) as Record<string, unknown>,
    };
  }
}

const toRecord = (event: BusEvent, bus: 'custom' | 'default'): BusEventRecord => ({
  detailType: event['detail-type'],
  detail: event.detail,
  time: event.time,
  id: event.id,
  source: event.source,
  bus,
});

/** The trace key of an event: its `detail.eventId` (stable across duplicates), else the bus event id. */
export function eventIdOf(event: BusEvent): string {
  const id = (event.detail as { eventId?: unknown })?.eventId;
  return typeof id === 'string' ? id : event.id;
}
