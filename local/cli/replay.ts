import { DescribeArchiveCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';

/**
 * `eum-social replay --from <ISO> [--to <ISO>] [--archive-arn <arn>]`: re-send a time range of
 * archived domain events through the rules, after a fix. Locally the runtime's archive
 * (`POST /events/replay`); on AWS EventBridge StartReplay from the stack's archive to its bus.
 */
export interface ReplayRequest {
  from: Date;
  to: Date;
  archiveArn?: string;
  name?: string;
}

export interface ReplayResult {
  where: string;
  replayName: string;
  /** Locally: how many events were re-sent. On AWS the replay runs asynchronously. */
  count?: number;
  state?: string;
}

export function parseReplayArgs(args: string[], now = new Date()): ReplayRequest {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.includes('=') ? args[i]!.split(/=(.*)/s, 2) : [args[i]!, undefined];
    if (!['--from', '--to', '--archive-arn', '--name'].includes(flag!))
      throw new ReplayUsageError(`unknown flag ${flag} for replay; its flags: --from, --to, --archive-arn, --name`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new ReplayUsageError(`${flag} needs a value`);
    values[flag!.slice(2)] = value;
  }
  if (!values.from) throw new ReplayUsageError('--from is required (ISO-8601, e.g. 2026-11-24T00:00:00Z)');
  const time = (flag: string, raw: string) => {
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) throw new ReplayUsageError(`--${flag}: an ISO-8601 time such as 2026-11-24T00:00:00Z, got "${raw}"`);
    return d;
  };
  const from = time('from', values.from);
  const to = values.to ? time('to', values.to) : now;
  if (to <= from) throw new ReplayUsageError('--to must be after --from');
  if (values['archive-arn'] && !/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:archive\/.+$/.test(values['archive-arn'])) {
    throw new ReplayUsageError(`--archive-arn: an EventBridge archive ARN (the stack output BusArchiveArn), got "${values['archive-arn']}"`);
  }
  return { from, to, archiveArn: values['archive-arn'], name: values.name };
}

export class ReplayUsageError extends Error {}

export async function replayLocally(endpoint: string, req: ReplayRequest): Promise<ReplayResult> {
  const url = `${endpoint.replace(/\/+$/, '')}/events/replay`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: req.from.toISOString(), to: req.to.toISOString(), name: req.name }),
  });
  const body = (await res.json().catch(() => ({}))) as { replayName?: string; count?: number; error?: string };
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.error ?? ''}`.trim());
  return { where: url, replayName: body.replayName ?? '', count: body.count };
}

/** The bus the archive records (each stack names its bus after itself, so it is asked, not guessed). */
async function busArnOf(archiveArn: string, eb: EventBridgeClient): Promise<string> {
  const archive = await eb.send(new DescribeArchiveCommand({ ArchiveName: archiveArn.replace(/^.*:archive\//, '') }));
  if (!archive.EventSourceArn) throw new Error(`archive ${archiveArn} names no source bus`);
  return archive.EventSourceArn;
}

export async function replayOnAws(req: ReplayRequest & { archiveArn: string }, client?: EventBridgeClient): Promise<ReplayResult> {
  const region = req.archiveArn.split(':')[3]!;
  const eb = client ?? new EventBridgeClient({ region });
  const replayName = (req.name ?? `replay-${req.from.toISOString()}`).replace(/[^.\-_A-Za-z0-9]/g, '-').slice(0, 64);
  const out = await eb.send(
    new StartReplayCommand({
      ReplayName: replayName,
      EventSourceArn: req.archiveArn,
      EventStartTime: req.from,
      EventEndTime: req.to,
      Destination: { Arn: await busArnOf(req.archiveArn, eb) },
    }),
  );
  return { where: req.archiveArn, replayName, state: out.State };
}
