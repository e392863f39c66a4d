import type http from 'node:http';
import { DetailType } from '../../events/names.js';
import type { LocalBus } from '../bus/bus.js';
import type { BusEventRecord } from '../bus/types.js';
import type { DeadLetter } from '../dlq/dlq.js';
import type { LocalStepFunctions } from '../stepfunctions/engine.js';
import { summarize } from '../stepfunctions/records.js';

export const HEARTBEAT_MS = 15_000;
/** A client that stops reading is cut off past this much unsent data (its console reconnects and reloads). */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** The DLQ has no change hook: while someone listens, its ids are compared this often. */
const DLQ_POLL_MS = 500;

export interface StreamDeps {
  bus: LocalBus;
  sfn: LocalStepFunctions;
  deadLetters: () => DeadLetter[];
  heartbeatMs?: number;
}

/**
 * `GET /console/api/stream`: server-sent events — `bus-event` ({bus, record}), `execution` (its summary on
 * every status change), `dead-letter` ({change: added|redriven, letter}), `message` ({messageId, customer,
 * status} for message.received / message.sent / message.status), and a `: heartbeat` comment every 15 s.
 */
export function openStream(req: http.IncomingMessage, res: http.ServerResponse, deps: StreamDeps): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(': connected\n\n');
  const send = (event: string, data: unknown) => {
    if (res.writableEnded) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.end();
      return;
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const offBus = deps.bus.onDispatch((record) => {
    send('bus-event', { bus: record.bus, record });
    const message = messageOf(record);
    if (message) send('message', message);
  });
  const offExecutions = deps.sfn.onStatusChange((e) => send('execution', summarize(e)));

  let known = new Map(deps.deadLetters().map((l) => [l.id, l]));
  const dlqTimer = setInterval(() => {
    const now = new Map(deps.deadLetters().map((l) => [l.id, l]));
    for (const [id, letter] of now) if (!known.has(id)) send('dead-letter', { change: 'added', letter });
    for (const [id, letter] of known) if (!now.has(id)) send('dead-letter', { change: 'redriven', letter });
    known = now;
  }, DLQ_POLL_MS);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
  dlqTimer.unref();
  heartbeat.unref();

  const close = () => {
    offBus();
    offExecutions();
    clearInterval(dlqTimer);
    clearInterval(heartbeat);
  };
  req.on('close', close);
  res.on('close', close);
}

/** The conversation view's change: one message stored or its status changed. */
export function messageOf(record: BusEventRecord): { messageId: string; customer: string | undefined; status: string } | undefined {
  const d = record.detail ?? {};
  if (record.detailType === DetailType.MessageReceived) return { messageId: d.messageId, customer: d.from, status: 'received' };
  if (record.detailType === DetailType.MessageSent) return { messageId: d.messageKey, customer: d.to, status: 'accepted' };
  if (record.detailType === DetailType.MessageStatus) return { messageId: d.messageKey, customer: d.recipient, status: d.status };
  return undefined;
}
