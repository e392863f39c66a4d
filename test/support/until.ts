/**
 * Polls `probe` until it gives a value (anything truthy) and returns it; after `timeoutMs` it
 * throws, naming `what` it was waiting for. For waits on a real runtime, where no event says "done".
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
