import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../../events/index.js';
import { DynamoDedupeStore } from '../../../functions/adapters/dynamodb/dedupe-store.js';
import { publishDeduped } from '../../../functions/ingest/publish-deduped.js';
import { logger } from '../../../functions/observability/logger.js';
import { CollectingPublisher, MemoryDedupe } from '../../support/fakes.js';
import { NEW_YEAR, receivedEvent } from './support.js';

/** publishDeduped when a delivery overlaps earlier ones: some events done, some held, some new. */
const received = (n: number): DomainEvent => receivedEvent(`wamid.PD.${n}`, NEW_YEAR, { text: `hello ${n}` });

const id = (n: number) => `msg:wamid.PD.${n}`;

/** A dedupe store whose claim of `failing` is throttled. */
function throttlingClaimOf(dedupe: MemoryDedupe, failing: string) {
  const claim = dedupe.claim.bind(dedupe);
  dedupe.claim = async (eventId: string) => (eventId === failing ? Promise.reject(new Error('ProvisionedThroughputExceededException')) : claim(eventId));
  return dedupe;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('publishDeduped on a redelivery that overlaps earlier deliveries', () => {
  it('a throttled claim frees only the claims this delivery made: events published earlier stay done, events another delivery holds stay held', async () => {
    // Prepare: 1 was published by an earlier delivery, 2 is held by a delivery in progress; 3 is new, 4's claim is throttled
    const dedupe = throttlingClaimOf(new MemoryDedupe(), id(4));
    dedupe.states.set(id(1), 'COMPLETED');
    dedupe.states.set(id(2), 'IN_PROGRESS');
    const publisher = new CollectingPublisher();
    // Act
    await expect(publishDeduped([received(1), received(2), received(3), received(4)], { dedupe, publisher })).rejects.toThrow('ProvisionedThroughputExceededException');
    // Assess
    expect(publisher.events).toEqual([]);
    expect([...dedupe.states]).toEqual([
      [id(1), 'COMPLETED'],
      [id(2), 'IN_PROGRESS'],
    ]);
    // …so the provider's retry does not publish event 1 a second time
    const retry = await publishDeduped([received(1), received(3), received(4)], { dedupe: Object.assign(dedupe, { claim: MemoryDedupe.prototype.claim }), publisher });
    expect(retry).toEqual({ published: [id(3), id(4)], duplicates: [id(1)], inFlight: [], failed: [] });
  });

  it('a publisher that throws frees the claims of this delivery only', async () => {
    const dedupe = new MemoryDedupe();
    dedupe.states.set(id(11), 'COMPLETED');
    dedupe.states.set(id(12), 'IN_PROGRESS');
    const throwing = { publish: async () => Promise.reject(new Error('socket hang up')) };
    await expect(publishDeduped([received(11), received(12), received(13)], { dedupe, publisher: throwing })).rejects.toThrow('socket hang up');
    expect([...dedupe.states]).toEqual([
      [id(11), 'COMPLETED'],
      [id(12), 'IN_PROGRESS'],
    ]);
  });

  it('a redelivery of events all published already calls no publisher and reports them as duplicates', async () => {
    const dedupe = new MemoryDedupe();
    dedupe.states.set(id(21), 'COMPLETED');
    dedupe.states.set(id(22), 'IN_PROGRESS');
    const publisher = { publish: async () => Promise.reject(new Error('must not be called')) };
    expect(await publishDeduped([received(21), received(22)], { dedupe, publisher })).toEqual({ published: [], duplicates: [id(21)], inFlight: [id(22)], failed: [] });
  });

  it('an entry the bus refuses is released (retried by the provider) while its neighbours are completed', async () => {
    const dedupe = new MemoryDedupe();
    const publisher = new CollectingPublisher();
    publisher.failNext.set(id(32), 1);
    const out = await publishDeduped([received(31), received(32), received(33)], { dedupe, publisher });
    expect(out).toEqual({ published: [id(31), id(33)], duplicates: [], inFlight: [], failed: [{ eventId: id(32), errorCode: 'InternalFailure' }] });
    expect([...dedupe.states]).toEqual([
      [id(31), 'COMPLETED'],
      [id(33), 'COMPLETED'],
    ]);
  });

  it('a release that fails after a refused entry does not fail the delivery (the claim waits out its window), and says so', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const dedupe = new MemoryDedupe();
    dedupe.release = async () => Promise.reject(new Error('ProvisionedThroughputExceededException'));
    const publisher = new CollectingPublisher();
    publisher.failNext.set(id(42), 1);
    const out = await publishDeduped([received(41), received(42)], { dedupe, publisher });
    expect(out.published).toEqual([id(41)]);
    expect(dedupe.states.get(id(42))).toBe('IN_PROGRESS');
    expect(warn.mock.calls).toEqual([
      ['dedupe release failed; the claims stay in flight until their window ends', { count: 1, error: 'Error: ProvisionedThroughputExceededException' }],
    ]);
  });

  it('claims that cannot be completed or released are each reported with their step and count', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const dedupe = throttlingClaimOf(new MemoryDedupe(), id(53));
    dedupe.release = async () => Promise.reject(new Error('release throttled'));
    await expect(publishDeduped([received(51), received(52), received(53)], { dedupe, publisher: new CollectingPublisher() })).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
    expect(warn.mock.calls).toEqual([['dedupe release failed; the claims stay in flight until their window ends', { count: 2, error: 'Error: release throttled' }]]);
    warn.mockClear();
    const completing = new MemoryDedupe();
    completing.complete = async () => Promise.reject(new Error('complete throttled'));
    await publishDeduped([received(54)], { dedupe: completing, publisher: new CollectingPublisher() });
    expect(warn.mock.calls).toEqual([['dedupe complete failed; the claims stay in flight until their window ends', { count: 1, error: 'Error: complete throttled' }]]);
  });

  it('a delivery whose claims all complete logs no warning', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const publisher = new CollectingPublisher();
    publisher.failNext.set(id(62), 1);
    await publishDeduped([received(61), received(62)], { dedupe: new MemoryDedupe(), publisher });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('DynamoDedupeStore.claim when the item vanishes between the failed put and the read', () => {
  it('answers in flight (the other delivery released it just now): the provider retries', async () => {
    // Prepare: the put meets another delivery's claim; by the time we read, that delivery has released it
    const db = {
      send: async (cmd: { constructor: { name: string } }) => {
        if (cmd.constructor.name === 'PutCommand') throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
        if (cmd.constructor.name === 'GetCommand') return {};
        throw new Error(`unexpected ${cmd.constructor.name}`);
      },
    } as unknown as DynamoDBDocumentClient;
    // Act + Assess
    expect(await new DynamoDedupeStore(db, 'table').claim('evt-vanished')).toBe('in-flight');
  });
});
