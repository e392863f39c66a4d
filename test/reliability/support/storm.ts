/**
 * The storm driver: takes the unique deliveries in their natural order, duplicates a share of them
 * (a redelivery lands a little later than the original, as at-least-once providers retry), shuffles
 * the whole stream within a sliding window (webhooks overtake each other, but not by hours), and
 * posts it with bounded concurrency through the runtime's real HTTP endpoints.
 */
export interface Delivery {
  /** Stable key of the unique delivery (duplicates share it). */
  key: string;
  path: '/webhooks/eum' | '/webhooks/razorpay';
  body: string;
  headers: Record<string, string>;
}

export interface StormPlan {
  stream: Delivery[];
  unique: number;
  duplicates: number;
}

export function planStorm(unique: Delivery[], opts: { duplicateShare: number; window: number; random: () => number }): StormPlan {
  const keyed: { d: Delivery; at: number }[] = unique.map((d, i) => ({ d, at: i }));
  // Exactly this share of the deliveries comes twice (a partial Fisher-Yates picks which).
  const duplicates = Math.round(unique.length * opts.duplicateShare);
  const order = [...unique.keys()];
  for (let i = 0; i < duplicates; i++) {
    const j = i + Math.floor(opts.random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    const original = order[i]!;
    keyed.push({ d: unique[original]!, at: original + opts.random() * opts.window });
  }
  // Each delivery may overtake or fall behind others by up to `window` positions.
  for (const k of keyed) k.at += opts.random() * opts.window;
  keyed.sort((a, b) => a.at - b.at);
  return { stream: keyed.map((k) => k.d), unique: unique.length, duplicates };
}

export interface StormResult {
  statusCodes: Map<number, number>;
  /** Keys of unique deliveries that were acknowledged (2xx) at least once. */
  acknowledged: Set<string>;
  /** Deliveries that got a non-2xx and were retried (as the provider would). */
  retried: number;
  errors: string[];
}

/**
 * Posts the stream with `concurrency` requests in flight. A non-2xx answer is retried with backoff,
 * as EUM's SNS subscription and Razorpay do, up to `attempts` times.
 */
export async function runStorm(
  baseUrl: string,
  stream: Delivery[],
  opts: { concurrency: number; attempts?: number; onProgress?: (done: number, total: number) => void; progressEvery?: number },
): Promise<StormResult> {
  const result: StormResult = { statusCodes: new Map(), acknowledged: new Set(), retried: 0, errors: [] };
  const attempts = opts.attempts ?? 5;
  let next = 0;
  let done = 0;
  const every = opts.progressEvery ?? 1000;
  async function post(d: Delivery): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let status = 0;
      try {
        const res = await fetch(`${baseUrl}${d.path}`, { method: 'POST', body: d.body, headers: { 'content-type': 'application/json', ...d.headers } });
        await res.arrayBuffer();
        status = res.status;
      } catch (err) {
        result.errors.push(`${d.key}: ${(err as Error).message}`);
      }
      result.statusCodes.set(status, (result.statusCodes.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) {
        result.acknowledged.add(d.key);
        return;
      }
      if (status >= 400 && status < 500) return; // the provider does not retry a rejection
      result.retried++;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
  async function worker(): Promise<void> {
    while (next < stream.length) {
      const d = stream[next++]!;
      await post(d);
      done++;
      if (opts.onProgress && done % every === 0) opts.onProgress(done, stream.length);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return result;
}
