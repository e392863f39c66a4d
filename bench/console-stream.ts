import { startRuntime } from '../local/runtime.js';
import { log, percentile, round, type BenchOptions, type Result } from './lib.js';

/**
 * Issue 17: the console's live stream at 100 events per second. Events go onto the custom bus at that
 * rate; a client reads `/console/api/stream` as the console does (fetch + a text/event-stream parser) and
 * the lag is the time from PutEvents to the frame parsed at the client.
 */
export async function benchConsoleStream(opts: BenchOptions): Promise<Result[]> {
  const rate = 100;
  const seconds = opts.quick ? 2 : 10;
  const rt = await startRuntime({ memory: true, port: 0, quiet: true, sandboxes: false, rules: [], schedules: false });
  const controller = new AbortController();
  try {
    const res = await fetch(`${rt.url}/console/api/stream`, { headers: { authorization: `Bearer ${rt.consoleToken}` }, signal: controller.signal });
    const lags: number[] = [];
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!frame.startsWith('event: bus-event')) continue;
          const data = JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { record: { detail: { sentAt?: number } } };
          const sentAt = data.record.detail.sentAt;
          if (typeof sentAt === 'number') lags.push(performance.timeOrigin + performance.now() - sentAt);
        }
      }
    })().catch(() => undefined);

    const total = rate * seconds;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await rt.putEvent('bench.streamed', { eventId: `bench-stream-${i}`, sentAt: performance.timeOrigin + performance.now(), padding: 'x'.repeat(400) }, 'bench.local');
    }
    const deadline = Date.now() + 5_000;
    while (lags.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await reading;
    log(`  console stream: ${lags.length}/${total} events received at ${rate}/s`);
    return [
      { name: 'console.stream.events_per_s', value: rate, unit: 'events/s' },
      { name: 'console.stream.received', value: round((lags.length / total) * 100, 1), unit: '%', target: '100 %', met: lags.length === total },
      { name: 'console.stream.lag_p50', value: round(percentile(lags, 0.5)), unit: 'ms' },
      { name: 'console.stream.lag_p99', value: round(percentile(lags, 0.99)), unit: 'ms', target: '< 250 ms', met: percentile(lags, 0.99) < 250 },
      { name: 'console.stream.lag_max', value: round(Math.max(...lags)), unit: 'ms' },
    ];
  } finally {
    controller.abort();
    await rt.stop();
  }
}
