import { EventBridgeClient, EventBridgeServiceException, PutEventsCommand, type PutEventsCommandInput, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../events/index.js';
import { EventBridgePublisher, entrySize } from '../../../functions/adapters/eventbridge/publisher.js';
import { publishDeduped } from '../../../functions/ingest/publish-deduped.js';
import { MemoryDedupe } from '../../support/fakes.js';
import { NEW_YEAR, receivedEvent } from '../ingest/support.js';

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => eventBridge.reset());

const noSleep = async () => {};
const publisher = (maxAttempts = 3) => new EventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), { busName: 'eum-social', maxAttempts, sleep: noSleep });

/** The customer's text message #n, as ingest publishes it. */
const received = (n: number, text = 'hello'): DomainEvent => receivedEvent(`wamid.PUB.${n}`, NEW_YEAR, { text });

const idsOf = (input: PutEventsCommandInput) => (input.Entries ?? []).map((e) => (JSON.parse(e.Detail ?? '{}') as { eventId: string }).eventId);
const calls = () => eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input);

/** Answers every PutEvents like EventBridge, failing the entries whose eventId `fail` picks. */
function answer(fail: (eventId: string, call: number) => string | undefined = () => undefined) {
  let call = 0;
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    call++;
    const entries: PutEventsResultEntry[] = idsOf(input).map((id, i) => {
      const code = fail(id, call);
      return code ? { ErrorCode: code, ErrorMessage: `${code} for ${id}` } : { EventId: `eb-${call}-${i}` };
    });
    return { FailedEntryCount: entries.filter((e) => e.ErrorCode).length, Entries: entries };
  });
}

describe('EventBridgePublisher', () => {
  it('sends batches of at most 10 entries, in order, to the custom bus with source eum.social', async () => {
    answer();
    const events = Array.from({ length: 23 }, (_, i) => received(i));
    const result = await publisher().publish(events);
    expect(calls().map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls().flatMap(idsOf)).toEqual(events.map((e) => e.detail.eventId));
    expect(calls()[0]!.Entries![0]).toMatchObject({ EventBusName: 'eum-social', Source: 'eum.social', DetailType: 'message.received' });
    expect(result).toEqual({ published: events.map((e) => e.detail.eventId), failed: [] });
  });

  it('splits by size: entries that together pass 256 KB go in separate calls', async () => {
    answer();
    // Three ~100 KB details: two fit in 256 KB, the third does not.
    const events = [0, 1, 2].map((i) => received(i, 'x'.repeat(100 * 1024)));
    await publisher().publish(events);
    expect(calls().map((c) => c.Entries?.length)).toEqual([2, 1]);
    for (const c of calls()) expect(c.Entries!.reduce((n, e) => n + entrySize(e), 0)).toBeLessThanOrEqual(256 * 1024);
  });

  it('retries only the entries that failed (FailedEntryCount), until they pass', async () => {
    // Prepare: entry 1 is throttled on the first call, then accepted
    answer((id, call) => (id === 'msg:wamid.PUB.1' && call === 1 ? 'ThrottlingException' : undefined));
    // Act
    const result = await publisher().publish([received(0), received(1), received(2)]);
    // Assess
    expect(calls().map(idsOf)).toEqual([['msg:wamid.PUB.0', 'msg:wamid.PUB.1', 'msg:wamid.PUB.2'], ['msg:wamid.PUB.1']]);
    expect(result.failed).toEqual([]);
    expect(result.published.sort()).toEqual(['msg:wamid.PUB.0', 'msg:wamid.PUB.1', 'msg:wamid.PUB.2']);
  });

  it('gives up after maxAttempts and reports what failed with its error', async () => {
    answer((id) => (id === 'msg:wamid.PUB.2' ? 'InternalFailure' : undefined));
    const result = await publisher(3).publish([received(1), received(2)]);
    expect(calls().map(idsOf)).toEqual([['msg:wamid.PUB.1', 'msg:wamid.PUB.2'], ['msg:wamid.PUB.2'], ['msg:wamid.PUB.2']]);
    expect(result).toEqual({
      published: ['msg:wamid.PUB.1'],
      failed: [{ eventId: 'msg:wamid.PUB.2', errorCode: 'InternalFailure', errorMessage: 'InternalFailure for msg:wamid.PUB.2' }],
    });
  });

  it('a whole call that throws is retried, then reported as failed instead of thrown', async () => {
    // Prepare: the service is down for every attempt on the second batch
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      call++;
      if (idsOf(input).includes('msg:wamid.PUB.10')) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
      return { FailedEntryCount: 0, Entries: idsOf(input).map((_, i) => ({ EventId: `eb-${call}-${i}` })) };
    });
    const events = Array.from({ length: 11 }, (_, i) => received(i));
    // Act
    const result = await publisher(2).publish(events);
    // Assess: the first batch went through; the second is reported, not lost in an exception
    expect(result.published).toHaveLength(10);
    expect(result.failed).toEqual([{ eventId: 'msg:wamid.PUB.10', errorCode: 'ServiceUnavailable', errorMessage: 'Service unavailable' }]);
    expect(call).toBe(3);
  });
});

describe('EventBridgePublisher: permanent errors are not retried', () => {
  it('an entry refused for good (not InternalFailure or ThrottlingException) is reported at once with its code; a throttled one is retried', async () => {
    // Prepare: codes from the PutEventsResultEntry reference, non-retryable ones on entries 1 and 2
    const permanent: Record<string, string> = { 'msg:wamid.PUB.1': 'MalformedDetail', 'msg:wamid.PUB.2': 'NotAuthorizedForDetailTypeException' };
    answer((id, call) => permanent[id] ?? (id === 'msg:wamid.PUB.3' && call === 1 ? 'ThrottlingException' : undefined));
    // Act
    const result = await publisher(4).publish([received(0), received(1), received(2), received(3)]);
    // Assess: one call for the refused entries, a second only for the throttled one
    expect(calls().map(idsOf)).toEqual([['msg:wamid.PUB.0', 'msg:wamid.PUB.1', 'msg:wamid.PUB.2', 'msg:wamid.PUB.3'], ['msg:wamid.PUB.3']]);
    expect(result.published.sort()).toEqual(['msg:wamid.PUB.0', 'msg:wamid.PUB.3']);
    expect(result.failed).toEqual([
      { eventId: 'msg:wamid.PUB.1', errorCode: 'MalformedDetail', errorMessage: 'MalformedDetail for msg:wamid.PUB.1' },
      { eventId: 'msg:wamid.PUB.2', errorCode: 'NotAuthorizedForDetailTypeException', errorMessage: 'NotAuthorizedForDetailTypeException for msg:wamid.PUB.2' },
    ]);
  });

  it('a whole call the service blames on the request (client fault) is reported at once; a throttled call is retried', async () => {
    const serviceError = (name: string, extra: Record<string, unknown> = {}) =>
      Object.assign(new EventBridgeServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} from EventBridge` }), extra);
    // Prepare: the first batch is too large for good, the second is throttled once
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      call++;
      if (idsOf(input).includes('msg:wamid.PUB.0')) throw serviceError('ValidationException');
      if (call === 2) throw serviceError('ThrottlingException', { $retryable: { throttling: true } });
      return { FailedEntryCount: 0, Entries: idsOf(input).map((_, i) => ({ EventId: `eb-${call}-${i}` })) };
    });
    const events = Array.from({ length: 11 }, (_, i) => received(i));
    // Act
    const result = await publisher(3).publish(events);
    // Assess: the first batch was sent once and all of it reported; the second went through on its retry
    expect(calls().map((c) => idsOf(c)[0])).toEqual(['msg:wamid.PUB.0', 'msg:wamid.PUB.10', 'msg:wamid.PUB.10']);
    expect(result.published).toEqual(['msg:wamid.PUB.10']);
    expect(result.failed).toHaveLength(10);
    expect(result.failed[0]).toEqual({ eventId: 'msg:wamid.PUB.0', errorCode: 'ValidationException', errorMessage: 'ValidationException from EventBridge' });
  });
});

describe('publishDeduped over the real publisher', () => {
  it('completes the published events and releases the failed ones, so the retry publishes exactly those', async () => {
    // Prepare: event 2 fails every attempt of the first delivery
    const dedupe = new MemoryDedupe();
    let down = true;
    answer((id) => (down && id === 'msg:wamid.PUB.2' ? 'InternalFailure' : undefined));
    const events = [received(1), received(2), received(3)];
    // Act 1
    const first = await publishDeduped(events, { dedupe, publisher: publisher(2) });
    // Assess 1
    expect(first.published).toEqual(['msg:wamid.PUB.1', 'msg:wamid.PUB.3']);
    expect(first.failed.map((f) => f.eventId)).toEqual(['msg:wamid.PUB.2']);
    expect([...dedupe.states]).toEqual([
      ['msg:wamid.PUB.1', 'COMPLETED'],
      ['msg:wamid.PUB.3', 'COMPLETED'],
    ]);
    // Act 2: the provider redelivers the whole payload
    down = false;
    eventBridge.resetHistory();
    const second = await publishDeduped(events, { dedupe, publisher: publisher(2) });
    // Assess 2
    expect(calls().flatMap(idsOf)).toEqual(['msg:wamid.PUB.2']);
    expect(second).toEqual({ published: ['msg:wamid.PUB.2'], duplicates: ['msg:wamid.PUB.1', 'msg:wamid.PUB.3'], inFlight: [], failed: [] });
  });

  it('releases every claim when the publisher throws, so the retry is not mistaken for a duplicate', async () => {
    const dedupe = new MemoryDedupe();
    const throwing = { publish: async () => Promise.reject(new Error('socket hang up')) };
    await expect(publishDeduped([received(7)], { dedupe, publisher: throwing })).rejects.toThrow('socket hang up');
    expect(dedupe.states.size).toBe(0);
  });

  it('reports events another delivery still holds as in flight, not duplicates, and publishes the rest', async () => {
    // Prepare: a delivery that crashed after claiming event 8 left its claim behind
    answer();
    const dedupe = new MemoryDedupe();
    dedupe.states.set('msg:wamid.PUB.8', 'IN_PROGRESS');
    // Act
    const out = await publishDeduped([received(8), received(9)], { dedupe, publisher: publisher() });
    // Assess
    expect(out).toEqual({ published: ['msg:wamid.PUB.9'], duplicates: [], inFlight: ['msg:wamid.PUB.8'], failed: [] });
    expect(calls().flatMap(idsOf)).toEqual(['msg:wamid.PUB.9']);
  });

  it('an event on the bus stays published when its claim cannot be marked done (the claim just stays in flight)', async () => {
    answer();
    const dedupe = new MemoryDedupe();
    dedupe.complete = async () => Promise.reject(new Error('ProvisionedThroughputExceededException'));
    const out = await publishDeduped([received(10)], { dedupe, publisher: publisher() });
    expect(out.published).toEqual(['msg:wamid.PUB.10']);
    expect(dedupe.states.get('msg:wamid.PUB.10')).toBe('IN_PROGRESS');
  });

  it('a claim that fails frees the claims made beside it and publishes nothing, so the retry starts clean', async () => {
    // Prepare: the store refuses the second of three claims
    answer();
    const dedupe = new MemoryDedupe();
    const claim = dedupe.claim.bind(dedupe);
    dedupe.claim = async (id: string) => (id === 'msg:wamid.PUB.12' ? Promise.reject(new Error('ProvisionedThroughputExceededException')) : claim(id));
    // Act
    const attempt = publishDeduped([received(11), received(12), received(13)], { dedupe, publisher: publisher() });
    // Assess
    await expect(attempt).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(dedupe.states.size).toBe(0);
    expect(calls()).toEqual([]);
  });

  it('publishes an event id once even when the payload repeats it', async () => {
    answer();
    const dedupe = new MemoryDedupe();
    const out = await publishDeduped([received(5), received(5)], { dedupe, publisher: publisher() });
    expect(out.published).toEqual(['msg:wamid.PUB.5']);
    expect(calls().flatMap(idsOf)).toEqual(['msg:wamid.PUB.5']);
  });
});
