import type { ReactNode } from 'react';
import { enc } from '../api';
import { href } from '../router';
import { ErrorBanner, Json, Page, Status, Time, useApi } from '../ui';

interface Step {
  at: string;
  kind: string;
  actor?: string;
  [k: string]: unknown;
}
interface Journey {
  eventId: string;
  event?: { detailType: string; detail: unknown; time: string; id: string; source: string; bus: string };
  steps: Step[];
  caused: Journey[];
  truncated?: string;
}

const KIND_LABEL: Record<string, string> = {
  ingress: 'ingress',
  'rule-matched': 'rule matched',
  'target-invoked': 'target',
  'target-failed': 'target failed',
  'dead-lettered': 'dead letter',
  'execution-started': 'execution started',
  'execution-resumed': 'execution resumed',
  'execution-finished': 'execution finished',
  'item-written': 'item written',
  'event-published': 'event published',
  log: 'log',
};
const KIND_COLOUR: Record<string, string> = {
  // Dark enough for text on white (WCAG AA): the same colour labels the step and fills its bar.
  ingress: '#1d4ed8',
  'rule-matched': '#6d28d9',
  'target-invoked': '#15803d',
  'target-failed': '#b91c1c',
  'dead-lettered': '#7f1d1d',
  'execution-started': '#0e7490',
  'execution-resumed': '#0e7490',
  'execution-finished': '#155e75',
  'item-written': '#92400e',
  'event-published': '#be185d',
  log: '#475569',
};

/** The journey of one event as a waterfall, recursively over the events it caused. */
export function JourneyView({ eventId }: { eventId: string }) {
  const { result } = useApi<Journey>(`/console/api/events/${enc(eventId)}/journey`, ['bus-event', 'execution']);
  if (result && !result.ok) return <ErrorBanner error={result.error} title="No journey" />;
  if (!result) return <p className="muted">loading…</p>;
  const j = result.data;
  const times = collectTimes(j);
  const t0 = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - t0);
  return (
    <Page
      title={
        <>
          Journey of {j.event?.detailType ?? 'event'} <span className="mono">{j.eventId}</span>
        </>
      }
    >
      <p className="muted">
        {countNodes(j)} event(s), {Math.round(span)} ms from ingress to the last step. Bars are placed on one time axis.
      </p>
      <div className="waterfall">
        <EventNode j={j} t0={t0} span={span} />
      </div>
    </Page>
  );
}

function EventNode({ j, t0, span }: { j: Journey; t0: number; span: number }) {
  return (
    <section className="wf-event" data-event-id={j.eventId}>
      <div className="wf-head">
        <strong>{j.event?.detailType ?? 'event'}</strong>
        <a className="mono" href={href(['journey', j.eventId])}>
          {j.eventId}
        </a>
        {j.event && (
          <span className="muted">
            {j.event.source} · {j.event.bus} bus · <Time at={j.event.time} />
          </span>
        )}
        {j.truncated && <span className="muted">({j.truncated})</span>}
      </div>
      {j.steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an immutable snapshot from the API, re-rendered whole; its entries have no identity of their own (texts and timestamps may repeat)
        <div className="wf-row" key={i} data-kind={s.kind}>
          <span className="kind" style={{ color: KIND_COLOUR[s.kind] ?? '#334155' }}>
            {KIND_LABEL[s.kind] ?? s.kind}
          </span>
          <div className="wf-bar" title={`${s.at} (+${Date.parse(s.at) - t0} ms)`}>
            <span
              style={{
                left: `${((Date.parse(s.at) - t0) / span) * 97}%`,
                width: `${Math.max(0.6, ((nextAt(j.steps, i) - Date.parse(s.at)) / span) * 97)}%`,
                background: KIND_COLOUR[s.kind] ?? '#334155',
              }}
            />
          </div>
          <StepText s={s} t0={t0} />
        </div>
      ))}
      {j.event && (
        <details style={{ padding: '2px 8px' }}>
          <summary>detail</summary>
          <Json value={j.event.detail} label={`detail of ${j.eventId}`} maxHeight={200} />
        </details>
      )}
      {j.caused.length > 0 && (
        <div className="wf-children">
          {j.caused.map((c) => (
            <EventNode key={c.eventId} j={c} t0={t0} span={span} />
          ))}
        </div>
      )}
    </section>
  );
}

function StepText({ s, t0 }: { s: Step; t0: number }) {
  const plus = `+${Date.parse(s.at) - t0} ms`;
  const target = s.target as { kind: string; name: string } | undefined;
  let text: ReactNode;
  switch (s.kind) {
    case 'rule-matched':
      text = `${String(s.rule)} → ${target?.kind} ${target?.name}`;
      break;
    case 'target-invoked':
    case 'target-failed':
      text = (
        <>
          {target?.name} attempt {String(s.attempt ?? 1)} <Status value={s.kind === 'target-failed' ? 'failed' : String(s.outcome ?? 'ok')} /> {s.error ? String(s.error) : ''}
        </>
      );
      break;
    case 'dead-lettered':
      text = (
        <>
          {target?.name ?? String(s.rule ?? '')} → <a href={href(['failures'])}>dead letters</a> {s.error ? String(s.error) : ''}
        </>
      );
      break;
    case 'execution-started':
    case 'execution-resumed':
    case 'execution-finished':
      text = (
        <>
          <a href={href(['executions', String(s.executionArn)])}>{String(s.executionArn).split(':').slice(-2).join('/')}</a> {s.state ? `at ${String(s.state)}` : ''}{' '}
          {s.status ? <Status value={String(s.status)} /> : null}
          {s.outcome ? ` (${String(s.outcome)})` : ''}
        </>
      );
      break;
    case 'item-written':
      text = <span className="mono">{`${String(s.operation)} ${String(s.pk)} ${String(s.sk ?? '')}`}</span>;
      break;
    case 'event-published':
      text = s.publishedEventId ? (
        <>
          {String(s.detailType)} <a href={href(['journey', String(s.publishedEventId)])}>{String(s.publishedEventId)}</a>
        </>
      ) : (
        `published by ${String(s.actor)} (caused by ${String(s.causedBy ?? '')})`
      );
      break;
    case 'log':
      text = <span className="wf-log">{String(s.line ?? '')}</span>;
      break;
    default:
      text = `${String(s.detailType ?? '')} via ${String(s.actor ?? '')}`;
  }
  return (
    <span title={`${plus} ${s.kind} ${s.actor ?? ''} ${JSON.stringify(Object.fromEntries(Object.entries(s).filter(([k]) => !['at', 'kind', 'actor'].includes(k))))}`}>
      <span className="muted">{plus}</span> {text}
      {s.actor && s.kind !== 'ingress' ? <span className="muted"> · {s.actor}</span> : null}
    </span>
  );
}

function nextAt(steps: Step[], i: number): number {
  const here = Date.parse(steps[i]!.at);
  return i + 1 < steps.length ? Math.max(here, Date.parse(steps[i + 1]!.at)) : here;
}
function collectTimes(j: Journey): number[] {
  return [...j.steps.map((s) => Date.parse(s.at)), ...j.caused.flatMap(collectTimes)].filter((t) => !Number.isNaN(t)).concat(j.steps.length ? [] : [Date.now()]);
}
function countNodes(j: Journey): number {
  return 1 + j.caused.reduce((n, c) => n + countNodes(c), 0);
}
