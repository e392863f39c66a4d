import { randomUUID } from 'node:crypto';
import { open, rename, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuleTarget } from '../../events/rules/types.js';
import { readJsonLines } from '../server/files.js';
import type { BusEvent } from './types.js';

/** One target delivery the bus has accepted and not yet finished (succeeded or dead-lettered). */
export interface PendingDelivery {
  id: string;
  rule: string;
  target: RuleTarget;
  event: BusEvent;
  acceptedAt: string;
}

type Line = { pending: PendingDelivery } | { done: string };

/**
 * The bus's write-ahead outbox (`deliveries.jsonl`): every target delivery is written — and fsynced —
 * before PutEvents answers, and marked done once it succeeded or was dead-lettered. What is still
 * pending when the process dies is redelivered on the next start, as EventBridge keeps retrying a
 * target until it succeeds (or its retry policy ends in the DLQ); no manual replay is needed.
 *
 * Writes are group-committed: every line queued while a write is in flight goes out in the next
 * write with one fsync, so a storm of webhooks waits for few fsyncs. A lost `done` line only means a
 * redundant redelivery on restart, which the idempotent consumers absorb: those are not fsynced.
 */
export class DeliveryOutbox {
  private readonly pending = new Map<string, PendingDelivery>();
  private readonly path: string | undefined;
  private queue: { line: string; durable: boolean; settle: (err?: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  private doneSinceCompaction = 0;

  /** `dataDir` undefined: an in-memory runtime (nothing survives it, nothing is written). */
  constructor(
    dataDir: string | undefined,
    private readonly compactEvery = 5_000,
  ) {
    this.path = dataDir ? join(dataDir, 'deliveries.jsonl') : undefined;
  }

  /** Reads what a previous process left pending, and rewrites the file with only those. */
  async load(): Promise<PendingDelivery[]> {
    if (!this.path) return [];
    for (const line of await readJsonLines<Line>(this.path)) {
      if ('pending' in line) this.pending.set(line.pending.id, line.pending);
      else this.pending.delete(line.done);
    }
    await this.compact();
    return [...this.pending.values()];
  }

  /** Records deliveries before they start; resolves once they are on disk (fsynced). */
  async add(items: Omit<PendingDelivery, 'id' | 'acceptedAt'>[]): Promise<PendingDelivery[]> {
    const acceptedAt = new Date().toISOString();
    const records = items.map((i) => ({ ...i, id: randomUUID(), acceptedAt }));
    for (const r of records) this.pending.set(r.id, r);
    await Promise.all(records.map((r) => this.write({ pending: r }, true)));
    return records;
  }

  /** The delivery finished (its target succeeded, or it was dead-lettered). */
  done(id: string): void {
    if (!this.pending.delete(id)) return;
    void this.write({ done: id }, false).catch(() => undefined);
    if (++this.doneSinceCompaction >= this.compactEvery) void this.compact().catch(() => undefined);
  }

  list(): PendingDelivery[] {
    return [...this.pending.values()];
  }

  /** Waits for every queued write (shutdown). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private write(line: Line, durable: boolean): Promise<void> {
    if (!this.path) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(line)}\n`, durable, settle: (err) => (err ? reject(err) : resolve()) });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0);
        try {
          mkdirSync(dirname(this.path!), { recursive: true });
          const fh = await open(this.path!, 'a');
          try {
            await fh.write(batch.map((b) => b.line).join(''));
            if (batch.some((b) => b.durable)) await fh.datasync();
          } finally {
            await fh.close();
          }
          for (const b of batch) b.settle();
        } catch (err) {
          for (const b of batch) b.settle(err);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Rewrites the file with only the pending deliveries (atomically: tmp, fsync, rename). */
  private async compact(): Promise<void> {
    if (!this.path) return;
    // Take the writer slot in the same turn as it is seen free: appends then queue behind the rewrite.
    while (this.writing) await this.writing;
    this.doneSinceCompaction = 0;
    let release!: () => void;
    this.writing = new Promise<void>((r) => (release = r));
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, [...this.pending.values()].map((p) => `${JSON.stringify({ pending: p })}\n`).join(''));
      const fh = await open(tmp, 'r+');
      await fh.datasync().finally(() => fh.close());
      await rename(tmp, this.path);
    } finally {
      this.writing = undefined;
      release();
      if (this.queue.length) this.writing = this.drain();
    }
  }
}
