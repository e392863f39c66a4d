import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Counts work in flight (bus deliveries, target invocations, running execution steps, HTTP
 * requests). `idle()` resolves once nothing has been in flight for a few macrotask turns, so a
 * chain of hops (handler → PutEvents → rule → target) is seen as one piece of work.
 */
export class Activity {
  private inFlight = 0;
  private seq = 0;

  begin(): () => void {
    this.inFlight++;
    this.seq++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.seq++;
    };
  }

  async track<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const end = this.begin();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      end();
    }
  }

  get busy(): number {
    return this.inFlight;
  }

  async idle(timeoutMs = 60_000, extraBusy: () => boolean = () => false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietTurns = 0;
    let lastSeq = -1;
    while (quietTurns < 3) {
      if (Date.now() > deadline) throw new Error(`runtime not idle after ${timeoutMs} ms (${this.inFlight} in flight)`);
      if (this.inFlight === 0 && !extraBusy() && this.seq === lastSeq) quietTurns++;
      else quietTurns = 0;
      lastSeq = this.seq;
      await nextMacrotask();
      if (quietTurns === 0) await new Promise((r) => setTimeout(r, 2));
    }
  }
}
