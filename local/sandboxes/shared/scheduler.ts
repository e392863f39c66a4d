import { createHash } from 'node:crypto';

/**
 * Timers for simulated provider behaviour (reviews, status webhooks, refunds), scaled by the
 * runtime's timeScale. Tracks what is still due so the runtime's idle() can wait for it, and
 * runs jobs of one key strictly in order (a message's sent → delivered → read).
 */
export class SandboxScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly timeScale: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Number of jobs scheduled or running. */
  pending(): number {
    return this.inFlight;
  }

  scaled(ms: number): number {
    return Math.max(0, Math.round(ms * this.timeScale));
  }

  /**
   * Runs `job` after `delayMs` (unscaled); jobs with the same key run one after the other.
   * A `background` job (e.g. a link's expiry hours ahead) is not counted by pending().
   * Returns a cancel function.
   */
  after(delayMs: number, job: () => Promise<void> | void, key?: string, background = false): () => void {
    if (this.closed) return () => undefined;
    if (!background) this.inFlight++;
    let cancelled = false;
    let done = background;
    const finish = () => {
      if (!done) {
        done = true;
        if (!this.closed) this.inFlight--;
      }
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (cancelled || this.closed) return finish();
      const run = async () => {
        try {
          if (!cancelled && !this.closed) await job();
        } catch (err) {
          this.onError(err);
        } finally {
          finish();
        }
      };
      if (key === undefined) return void run();
      const prev = this.chains.get(key) ?? Promise.resolve();
      const next = prev.then(run);
      this.chains.set(key, next);
      void next.then(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    }, this.scaled(delayMs));
    this.timers.add(timer);
    return () => {
      if (cancelled) return;
      cancelled = true;
      if (this.timers.delete(timer)) {
        clearTimeout(timer);
        finish();
      }
    };
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.inFlight = 0;
  }
}

/** Deterministic ids from a seed and counters: the same seed and call order give the same ids. */

export class IdFactory {
  private readonly counters = new Map<string, number>();
  constructor(private readonly seed: string) {}

  private digest(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return createHash('sha256').update(`${this.seed}:${kind}:${n}`).digest('hex');
  }

  hex(kind: string, length = 32): string {
    return this.digest(kind).slice(0, length);
  }

  /** RFC 4122 version-4 layout. */
  uuid(kind: string): string {
    const h = this.digest(kind);
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A decimal id of `length` digits starting with `prefix` (Meta's numeric ids). */
  digits(kind: string, length: number, prefix = '1'): string {
    const h = this.digest(kind);
    let out = prefix;
    for (let i = 0; out.length < length; i++) out += (parseInt(h.slice(i * 2, i * 2 + 2), 16) % 10).toString();
    return out;
  }

  /** Base62 (Razorpay's 14-character ids). */
  base62(kind: string, length = 14): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const h = this.digest(kind);
    let out = '';
    for (let i = 0; out.length < length; i++) out += alphabet[parseInt(h.slice((i * 2) % 64, ((i * 2) % 64) + 2), 16) % 62];
    return out;
  }
}
