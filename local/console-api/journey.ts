import type { BusEventRecord } from '../bus/types.js';
import type { TraceStep, TraceStore } from '../trace/trace.js';

export interface Journey {
  eventId: string;
  event?: BusEventRecord;
  steps: TraceStep[];
  /** The journeys of the events this one caused (published by its handlers or executions). */
  caused: Journey[];
  /** Set when the recursion stopped here (depth or an already-shown event). */
  truncated?: string;
}

const MAX_DEPTH = 6;
const MAX_NODES = 200;

/** The trace of one event, recursively over the events it caused. */
export function buildJourney(id: string, deps: { trace: TraceStore; findEvent: (id: string) => BusEventRecord | undefined }): Journey | undefined {
  const seen = new Set<string>();
  const walk = (eventId: string, depth: number): Journey | undefined => {
    const t = deps.trace.get(eventId);
    if (!t) return undefined;
    const node: Journey = { eventId: t.eventId, event: deps.findEvent(t.eventId), steps: t.steps, caused: [] };
    if (seen.has(t.eventId)) return { ...node, steps: [], truncated: 'shown above' };
    seen.add(t.eventId);
    const children = [...new Set(t.steps.filter((s) => s.kind === 'event-published' && typeof s.publishedEventId === 'string').map((s) => s.publishedEventId as string))];
    for (const child of children) {
      if (depth >= MAX_DEPTH || seen.size >= MAX_NODES) {
        node.caused.push({ eventId: child, steps: [], caused: [], truncated: `deeper than ${MAX_DEPTH} levels: open it on its own` });
        continue;
      }
      const sub = walk(child, depth + 1);
      if (sub) node.caused.push(sub);
    }
    return node;
  };
  return walk(id, 0);
}
