/** An event as EventBridge hands it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  'replay-name'?: string;
}

/** What `runtime.events()` returns: every event that reached the custom bus, in order. */
export interface BusEventRecord {
  detailType: string;
  detail: any;
  time: string;
  id: string;
  source: string;
  bus: 'custom' | 'default';
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number | Date;
  TraceHeader?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };
