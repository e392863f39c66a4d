import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainDetail } from '../../../events/index.js';
import { statusRank, statusTimeAttribute } from '../../domain/messaging/status-order.js';
import type { MessageStore, StoredMedia, StoredMessage } from '../../ports/message-store.js';
import { cancellationCodes, isConditionalCheckFailed, queryAll } from './client.js';
import { GSI1, Keys } from './keys.js';

/**
 * Messages, their status history and conversation windows in the single table.
 * Every write is idempotent: creation attributes use if_not_exists, history items are
 * conditional puts, and the current status only moves up in rank.
 */
/** Attempts of one status transaction before giving up (the event is then retried by its source). */
const MAX_STATUS_ATTEMPTS = 5;

export class DynamoMessageStore implements MessageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordInbound(d: DomainDetail<'message.received'>): Promise<void> {
    await this.upsertMessage(d.messageId, {
      direction: 'inbound',
      phoneNumberId: d.phoneNumberId,
      wabaId: d.wabaId,
      waId: d.from,
      customerUserId: d.fromUserId,
      type: d.type,
      text: d.text,
      replyId: d.replyId,
      contextMessageId: d.contextMessageId,
      mediaId: d.mediaId,
      profileName: d.profileName,
      wamid: d.messageId,
      createdAt: d.occurredAt,
      lastEventId: d.eventId,
    });
    if (d.phoneNumberId && d.from) await this.touchWindow(d.phoneNumberId, d.from, d.occurredAt);
  }

  async recordOutbound(d: DomainDetail<'message.sent'>): Promise<void> {
    const { before } = await this.upsertMessage(
      d.messageKey,
      {
        direction: 'outbound',
        phoneNumberId: d.phoneNumberId,
        wabaId: d.wabaId,
        waId: d.to,
        type: d.type,
        templateName: d.templateName,
        templateLanguage: d.templateLanguage,
        templateCategory: d.templateCategory,
        eumMessageId: d.eumMessageId,
        createdAt: d.occurredAt,
        acceptedAt: d.occurredAt,
      },
      'accepted',
    );
    if (d.eumMessageId) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.eumMessageAlias(d.eumMessageId), messageKey: d.messageKey },
        }),
      );
      await this.adoptEarlyEumStatuses(d);
    }
    await this.moveCreatedAtBackIfEarlier(d.messageKey, d.occurredAt, d.phoneNumberId, before);
  }

  /**
   * One status is one transaction: its history item and the message update land together or not at
   * all, so a crash can never leave a `read` in the history of a message that stays `sent`. In the
   * usual order (sent, delivered, read) that is one TransactWriteItems of two items. A status that
   * is superseded, or earlier than the message's `createdAt`, cancels that first attempt on the
   * message's condition: the item is read and the transaction re-planned from what is stored
   * (optimistic concurrency; rank and `createdAt` only ever move one way, so this converges).
   */
  async recordStatus(d: DomainDetail<'message.status'>): Promise<{ appliedStatus: boolean; messageKey: string }> {
    const messageKey = d.eumMessageId && d.messageKey.startsWith('eum:') ? await this.resolveEumKey(d.eumMessageId, d.messageKey) : d.messageKey;
    // One history item per (status, time): a redelivery finds it and writes nothing.
    const history = {
      ...Keys.messageStatus(messageKey, d.status, d.occurredAt),
      status: d.status,
      occurredAt: d.occurredAt,
      eventId: d.eventId,
      pricing: d.pricing,
      errors: d.errors,
      reason: d.reason,
      via: d.via,
    };
    const attrs = {
      direction: 'unknown',
      phoneNumberId: d.phoneNumberId,
      wabaId: d.wabaId,
      waId: d.recipient,
      wamid: d.wamid,
      eumMessageId: d.eumMessageId,
      createdAt: d.occurredAt,
      [statusTimeAttribute(d.status)]: d.occurredAt,
      // Pricing can arrive on only one of sent/delivered/read (API v24+): keep the first seen.
      pricing: d.pricing,
      conversationCategory: d.conversationCategory,
      errorCodes: d.errors?.map((e) => e.code),
      failureReason: d.reason,
    };
    const rank = statusRank(d.status);
    // First attempt: the status applies and createdAt stays (the usual order). Later: as stored.
    let plan = { applyStatus: true, moveCreatedAtBack: false };
    for (let attempt = 1; ; attempt++) {
      const { names, values, sets } = messageWrite(messageKey, attrs, plan.moveCreatedAtBack);
      const conditions = [plan.moveCreatedAtBack ? '#createdAt > :createdAt' : '(attribute_not_exists(#createdAt) OR #createdAt <= :createdAt)'];
      if (plan.applyStatus) {
        sets.push('#status = :status', 'statusRank = :rank');
        Object.assign(names, { '#status': 'status' });
        Object.assign(values, { ':status': d.status, ':rank': rank });
        conditions.push('(attribute_not_exists(statusRank) OR statusRank < :rank)');
      }
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.tableName, Item: history, ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Update: {
                  TableName: this.tableName,
                  Key: Keys.message(messageKey),
                  UpdateExpression: `SET ${sets.join(', ')}`,
                  ConditionExpression: conditions.join(' AND '),
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
            ],
          }),
        );
        return { appliedStatus: plan.applyStatus, messageKey };
      } catch (err) {
        const [historyReason, messageReason] = cancellationCodes(err);
        // The history item exists: this status was recorded, whole, by an earlier delivery.
        if (historyReason === 'ConditionalCheckFailed') return { appliedStatus: false, messageKey };
        if (messageReason !== 'ConditionalCheckFailed') throw err;
        if (attempt >= MAX_STATUS_ATTEMPTS)
          throw new Error(`message ${messageKey}: status ${d.status} not recorded after ${attempt} attempts (the item kept changing)`, { cause: err });
      }
      const stored = await this.getMessage(messageKey);
      plan = {
        applyStatus: typeof stored?.statusRank !== 'number' || stored.statusRank < rank,
        moveCreatedAtBack: typeof stored?.createdAt === 'string' && stored.createdAt > d.occurredAt,
      };
    }
  }

  async recordFlowReply(d: DomainDetail<'flow.completed'>): Promise<void> {
    await this.putIfAbsent({ ...Keys.messageAttachment(d.messageId, 'FLOW'), ...d });
  }

  async recordOrder(d: DomainDetail<'order.received'>): Promise<void> {
    await this.putIfAbsent({ ...Keys.messageAttachment(d.messageId, 'ORDER'), ...d });
  }

  async recordMedia(messageKey: string, media: StoredMedia): Promise<void> {
    // A plain SET: a retry writes the same values; the item may not exist yet (record-message is another target).
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.message(messageKey),
        UpdateExpression: 'SET #media = :media, #messageKey = if_not_exists(#messageKey, :messageKey)',
        ExpressionAttributeNames: { '#media': 'media', '#messageKey': 'messageKey' },
        ExpressionAttributeValues: { ':media': media, ':messageKey': messageKey },
      }),
    );
  }

  async getMessage(messageKey: string): Promise<StoredMessage | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.message(messageKey), ConsistentRead: true }));
    return out.Item as StoredMessage | undefined;
  }

  async getStatusHistory(messageKey: string): Promise<{ status: string; occurredAt: string }[]> {
    const { pk } = Keys.message(messageKey);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': pk, ':s': 'STATUS#' },
        ConsistentRead: true,
      }),
    );
    // Stryker disable next-line ArrayDeclaration: Query always answers Items (empty when nothing matches); `?? []` only satisfies the type
    return (out.Items ?? []).map((i) => ({ status: String(i.status), occurredAt: String(i.occurredAt) }));
  }

  async getLastInboundAt(phoneNumberId: string, waId: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.conversationWindow(phoneNumberId, waId), ConsistentRead: true }));
    return out.Item?.lastInboundAt as string | undefined;
  }

  async listMessagesForDay(phoneNumberId: string, isoDay: string): Promise<StoredMessage[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: GSI1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1.pk },
      ExpressionAttributeValues: { ':pk': Keys.phoneDayPartition(phoneNumberId, isoDay) },
    });
    return items as StoredMessage[];
  }

  /**
   * Creates or enriches the message item (inbound and outbound; statuses go through recordStatus's
   * transaction), as `messageWrite` builds it. With `status`, the same write moves the current status
   * up — never down: when a higher status is already stored, the attributes are written alone.
   * Returns the item as it was before (to move `createdAt` back only when it must).
   */
  private async upsertMessage(messageKey: string, attrs: Record<string, unknown>, status?: string): Promise<{ before?: Record<string, unknown> }> {
    const { names, values, sets } = messageWrite(messageKey, attrs, false);
    const write = { TableName: this.tableName, Key: Keys.message(messageKey), ReturnValues: 'ALL_OLD' as const };
    if (status !== undefined) {
      try {
        const out = await this.db.send(
          new UpdateCommand({
            ...write,
            UpdateExpression: `SET ${[...sets, '#status = :status', 'statusRank = :rank'].join(', ')}`,
            ConditionExpression: 'attribute_not_exists(statusRank) OR statusRank < :rank',
            ExpressionAttributeNames: { ...names, '#status': 'status' },
            ExpressionAttributeValues: { ...values, ':status': status, ':rank': statusRank(status) },
          }),
        );
        // Stryker disable next-line ObjectLiteral: the status applied, so no status was stored, and only a status creates a message before its send: no earlier createdAt to move back
        return { before: out.Attributes };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
    }
    const out = await this.db.send(new UpdateCommand({ ...write, UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values }));
    return { before: out.Attributes };
  }

  /**
   * EUM's EventBridge statuses carry only EUM's message id; one that arrived before this send was
   * recorded (no alias yet) was stored under `eum:<id>`. Replay its history onto our key and take
   * the stray item out of the analytics index, so arrival order does not matter.
   */
  private async adoptEarlyEumStatuses(d: DomainDetail<'message.sent'>): Promise<void> {
    const strayKey = `eum:${d.eumMessageId}`;
    const stray = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': Keys.message(strayKey).pk, ':s': 'STATUS#' },
        ConsistentRead: true,
      }),
    );
    // Stryker disable next-line OptionalChaining: Query always answers Items (empty when nothing matches)
    if (!stray.Items?.length) return;
    for (const h of stray.Items) {
      await this.recordStatus({
        eventId: String(h.eventId),
        occurredAt: String(h.occurredAt),
        receivedAt: String(h.occurredAt),
        phoneNumberId: d.phoneNumberId,
        wabaId: d.wabaId,
        messageKey: d.messageKey,
        eumMessageId: d.eumMessageId,
        status: h.status as DomainDetail<'message.status'>['status'],
        pricing: h.pricing as DomainDetail<'message.status'>['pricing'],
        errors: h.errors as DomainDetail<'message.status'>['errors'],
        reason: h.reason as string | undefined,
        via: h.via === 'meta-webhook' ? 'meta-webhook' : 'eum-eventbridge',
      });
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.message(strayKey),
        UpdateExpression: 'SET adoptedBy = :k REMOVE #g1pk, #g1sk',
        ExpressionAttributeNames: { '#g1pk': GSI1.pk, '#g1sk': GSI1.sk },
        ExpressionAttributeValues: { ':k': d.messageKey },
      }),
    );
  }

  /**
   * Moves `createdAt` back only when the item already had a later one: a new item was created
   * with this time, and `createdAt` only ever moves back, so a stored time at or before `at` stays.
   */
  private async moveCreatedAtBackIfEarlier(messageKey: string, at: string, phoneNumberId: string | undefined, before: Record<string, unknown> | undefined): Promise<void> {
    const stored = before?.createdAt;
    if (typeof stored !== 'string' || stored <= at) return;
    await this.moveCreatedAtBack(messageKey, at, phoneNumberId);
  }

  /**
   * `createdAt` (and the analytics day bucket keyed on it) is the earliest time seen for the
   * message: a `sent` that arrives after `read` moves it back; a later event never moves it on.
   */
  private async moveCreatedAtBack(messageKey: string, at: string, phoneNumberId: string | undefined): Promise<void> {
    const names: Record<string, string> = { '#createdAt': 'createdAt' };
    const values: Record<string, unknown> = { ':at': at };
    const sets = ['#createdAt = :at'];
    if (phoneNumberId) {
      const gsi = Keys.messagesByPhoneDay(phoneNumberId, at, messageKey);
      Object.assign(names, { '#g1pk': GSI1.pk, '#g1sk': GSI1.sk });
      Object.assign(values, { ':g1pk': gsi.gsi1pk, ':g1sk': gsi.gsi1sk });
      sets.push('#g1pk = :g1pk', '#g1sk = :g1sk');
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.message(messageKey),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#createdAt > :at',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  private async touchWindow(phoneNumberId: string, waId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.conversationWindow(phoneNumberId, waId),
          UpdateExpression: 'SET lastInboundAt = :at, phoneNumberId = :p, waId = :w',
          ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :at',
          ExpressionAttributeValues: { ':at': at, ':p': phoneNumberId, ':w': waId },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  private async resolveEumKey(eumMessageId: string, fallback: string): Promise<string> {
    // Strongly consistent: a status right after the send must see its alias, or it is stranded under
    // `eum:<id>` (adoption runs only when the send is recorded, which is over by then).
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.eumMessageAlias(eumMessageId), ConsistentRead: true }));
    return (out.Item?.messageKey as string | undefined) ?? fallback;
  }

  /** A repeat finds the item and writes nothing. */
  private async putIfAbsent(item: Record<string, unknown>): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }
}

/**
 * The message update: `messageKey`, every attribute set only when absent, and `direction`, which a
 * known direction may refine from `unknown` (a status seen first). With `moveCreatedAtBack`,
 * `createdAt` and the analytics day bucket keyed on it are set to this event's time instead.
 */
function messageWrite(messageKey: string, attrs: Record<string, unknown>, moveCreatedAtBack: boolean) {
  const names: Record<string, string> = { '#messageKey': 'messageKey' };
  const values: Record<string, unknown> = { ':messageKey': messageKey };
  const sets = ['#messageKey = :messageKey'];
  const entries = Object.entries(attrs).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  for (const [k, v] of entries) {
    if (k === 'direction') continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(moveCreatedAtBack && k === 'createdAt' ? `#${k} = :${k}` : `#${k} = if_not_exists(#${k}, :${k})`);
  }
  const createdAt = attrs.createdAt as string;
  const phone = attrs.phoneNumberId as string | undefined;
  if (phone) {
    const gsi = Keys.messagesByPhoneDay(phone, createdAt, messageKey);
    names['#g1pk'] = GSI1.pk;
    names['#g1sk'] = GSI1.sk;
    values[':g1pk'] = gsi.gsi1pk;
    values[':g1sk'] = gsi.gsi1sk;
    if (moveCreatedAtBack) sets.push('#g1pk = :g1pk', '#g1sk = :g1sk');
    else sets.push('#g1pk = if_not_exists(#g1pk, :g1pk)', '#g1sk = if_not_exists(#g1sk, :g1sk)');
  }
  names['#direction'] = 'direction';
  values[':direction'] = attrs.direction;
  if (attrs.direction === 'unknown') sets.push('#direction = if_not_exists(#direction, :direction)');
  else sets.push('#direction = :direction');
  return { names, values, sets };
}
