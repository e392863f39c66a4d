import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogTemplate, StatusReport } from '../../domain/templates/model.js';
import { isConditionalCheckFailed, queryAll } from './client.js';
import { GSI1, Keys } from './keys.js';

export type { StatusReport } from '../../domain/templates/model.js';

export type StatusApplied = { applied: true; previous?: string; template: CatalogTemplate } | { applied: false; template?: CatalogTemplate };

/** One time format for comparisons: ISO with milliseconds (webhooks carry whole seconds → .000). */
const canonical = (iso: string): string => new Date(iso).toISOString();
/** Meta's webhooks are dated to the second: a submission is dated to the second it was sent. */
export const toSecond = (iso: string): string => canonical(iso).replace(/\.\d{3}Z$/, '.000Z');

const STRIP = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
// Nulls stand for "not given" in the item; the model says that with absent fields.
const toTemplate = (item: Record<string, unknown>): CatalogTemplate =>
  Object.fromEntries(Object.entries(item).filter(([k, v]) => !STRIP.has(k) && v !== null)) as unknown as CatalogTemplate;

/**
 * The local template catalogue. Status writes are conditional on time (a late or duplicated report
 * changes nothing); a resubmission bumps the version, which the approval outcome is keyed by.
 */
export class DynamoTemplateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(metaTemplateId: string): Promise<CatalogTemplate | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: Keys.template(metaTemplateId), ConsistentRead: true }));
    return out.Item ? toTemplate(out.Item) : undefined;
  }

  async findByName(name: string, language: string): Promise<CatalogTemplate | undefined> {
    const k = Keys.templatesByName(name, language);
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1.name,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': GSI1.pk, '#sk': GSI1.sk },
        ExpressionAttributeValues: { ':pk': k.gsi1pk, ':sk': k.gsi1sk },
      }),
    );
    const live = (out.Items ?? []).map(toTemplate).filter((t) => !t.deletedAt);
    return live.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  }

  async list(): Promise<CatalogTemplate[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: GSI1.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1.pk },
      ExpressionAttributeValues: { ':pk': Keys.templatesIndexPartition },
    });
    return items.map(toTemplate);
  }

  /**
   * A (re)submission to review: creates the item, or starts a new version of it as PENDING.
   * If Meta's webhook already recorded a later status (it can beat the API answer), that status stays.
   * A resubmission gives the status it read before calling Meta (`seen`): the restart to PENDING is
   * written only if that is still the stored one, so Meta's answer stored in between is kept.
   */
  async submitted(
    t: Omit<CatalogTemplate, 'version' | 'createdAt' | 'updatedAt' | 'statusAt'> & { at: string } & (
        | { newVersion: false }
        | { newVersion: true; seen: Pick<CatalogTemplate, 'status' | 'statusAt'> }
      ),
  ): Promise<CatalogTemplate> {
    const { at, newVersion } = t;
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: Keys.template(t.metaTemplateId),
        UpdateExpression:
          [
            'SET #name = :name, #language = :language, #category = :category, #origin = if_not_exists(#origin, :origin)',
            '#components = :components, #parameterFormat = :pf, #wabaId = :waba, #gsi1pk = :gpk, #gsi1sk = :gsk',
            '#createdAt = if_not_exists(#createdAt, :at), #updatedAt = :at, #metaTemplateId = :id',
            newVersion ? '#version = if_not_exists(#version, :zero) + :one' : '#version = if_not_exists(#version, :one)',
          ].join(', ') + ' REMOVE #deletedAt',
        ExpressionAttributeNames: {
          '#name': 'name',
          '#language': 'language',
          '#category': 'category',
          '#origin': 'origin',
          '#components': 'components',
          '#parameterFormat': 'parameterFormat',
          '#wabaId': 'wabaId',
          '#gsi1pk': GSI1.pk,
          '#gsi1sk': GSI1.sk,
          '#createdAt': 'createdAt',
          '#updatedAt': 'updatedAt',
          '#version': 'version',
          '#deletedAt': 'deletedAt',
          '#metaTemplateId': 'metaTemplateId',
        },
        ExpressionAttributeValues: {
          ':name': t.name,
          ':language': t.language,
          ':category': t.category ?? null,
          ':origin': t.origin,
          ':components': t.components ?? null,
          ':pf': t.parameterFormat ?? null,
          ':waba': t.wabaId ?? null,
          ':gpk': Keys.templatesByName(t.name, t.language).gsi1pk,
          ':gsk': Keys.templatesByName(t.name, t.language).gsi1sk,
          ':at': at,
          ':id': t.metaTemplateId,
          ':one': 1,
          ...(newVersion ? { ':zero': 0 } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const version = Number(out.Attributes?.version ?? 1);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.templateVersion(t.metaTemplateId, version),
          version,
          submittedAt: toSecond(at),
          category: t.category ?? null,
          components: t.components ?? null,
          parameterFormat: t.parameterFormat ?? null,
        },
      }),
    );
    // The new version starts in review, unless Meta's webhook about it already arrived: webhooks carry
    // whole seconds, so the submission is dated to the second it was sent and loses a tie to an outcome.
    await this.applyStatus({ metaTemplateId: t.metaTemplateId, status: t.status, reason: t.reason, at: toSecond(at), source: 'api' }, t.newVersion ? { restartFrom: t.seen } : {});
    return (await this.get(t.metaTemplateId)) ?? toTemplate(out.Attributes!);
  }

  /** Applies a status report if it is newer than the stored one; records it in the history either way. */
  async applyStatus(report: StatusReport, opts: { restartFrom?: Pick<CatalogTemplate, 'status' | 'statusAt'> } = {}): Promise<StatusApplied> {
    const r = { ...report, at: canonical(report.at) };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...Keys.templateStatus(r.metaTemplateId, r.at, r.status), status: r.status, reason: r.reason, at: r.at, source: r.source },
      }),
    );
    const names: Record<string, string> = { '#status': 'status', '#statusAt': 'statusAt', '#reason': 'reason', '#updatedAt': 'updatedAt', '#id': 'metaTemplateId' };
    const values: Record<string, unknown> = { ':status': r.status, ':at': r.at, ':reason': r.reason ?? null };
    const sets = ['#status = :status', '#statusAt = :at', '#reason = :reason', '#updatedAt = :at', '#id = if_not_exists(#id, :mid)'];
    values[':mid'] = r.metaTemplateId;
    for (const [field, value] of [
      ['name', r.name],
      ['language', r.language],
      ['category', r.category],
      ['wabaId', r.wabaId],
    ] as const) {
      if (value) {
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
      }
    }
    if (r.name && r.language) {
      const g = Keys.templatesByName(r.name, r.language);
      Object.assign(names, { '#gpk': GSI1.pk, '#gsk': GSI1.sk, '#origin': 'origin', '#version': 'version', '#createdAt': 'createdAt' });
      Object.assign(values, { ':gpk': g.gsi1pk, ':gsk': g.gsi1sk, ':external': 'external', ':one': 1 });
      sets.push(
        '#gpk = if_not_exists(#gpk, :gpk)',
        '#gsk = if_not_exists(#gsk, :gsk)',
        '#origin = if_not_exists(#origin, :external)',
        '#version = if_not_exists(#version, :one)',
        '#createdAt = if_not_exists(#createdAt, :at)',
      );
    }
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.template(r.metaTemplateId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          // Newer wins; within the same second a review outcome wins over PENDING (a submission and
          // its instant approval share a second), never the other way round.
          // A resubmission (restart) puts the new version in review even within the second of the last
          // outcome, but only over the status read before calling Meta: an answer stored since then
          // (Meta can answer before this write) stays. Dated to its second, so the new review's own
          // webhook (also whole seconds) still wins a tie.
          ConditionExpression: opts.restartFrom
            ? 'attribute_not_exists(#statusAt) OR #statusAt < :at OR (#statusAt = :seenAt AND #status = :seenStatus)'
            : 'attribute_not_exists(#statusAt) OR #statusAt < :at OR (#statusAt = :at AND #status = :pending AND :status <> :pending)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: opts.restartFrom
            ? { ...values, ':seenAt': canonical(opts.restartFrom.statusAt), ':seenStatus': opts.restartFrom.status }
            : { ...values, ':pending': 'PENDING' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = out.Attributes?.status as string | undefined;
      const template = (await this.get(r.metaTemplateId))!;
      return previous === r.status && out.Attributes?.statusAt === r.at ? { applied: false, template } : { applied: true, previous, template };
    } catch (err) {
      if (isConditionalCheckFailed(err)) return { applied: false, template: await this.get(r.metaTemplateId) };
      throw err;
    }
  }

  async history(metaTemplateId: string): Promise<{ status: string; reason?: string; at: string; source: string }[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :status)',
        ExpressionAttributeValues: { ':pk': Keys.templatePartition(metaTemplateId), ':status': 'STATUS#' },
      }),
    );
    return (out.Items ?? []).map((i) => ({ status: i.status, reason: i.reason ?? undefined, at: i.at, source: i.source }));
  }

  /** The versions submitted from here (create, edits), oldest first. */
  async versions(metaTemplateId: string): Promise<{ version: number; submittedAt: string; category?: string; components?: unknown[]; parameterFormat?: string }[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': Keys.templatePartition(metaTemplateId), ':v': 'VERSION#' },
      }),
    );
    return (out.Items ?? []).map((i) => ({
      version: Number(i.version),
      submittedAt: String(i.submittedAt),
      ...(i.category ? { category: String(i.category) } : {}),
      ...(i.components ? { components: i.components as unknown[] } : {}),
      ...(i.parameterFormat ? { parameterFormat: String(i.parameterFormat) } : {}),
    }));
  }

  /** Claims the single outcome of a review version. False when it was already emitted. */
  async claimOutcome(metaTemplateId: string, version: number, outcome: string, at: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Keys.templateOutcome(metaTemplateId, version), outcome, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async releaseOutcome(metaTemplateId: string, version: number): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: Keys.templateOutcome(metaTemplateId, version) }));
  }

  async markDeleted(metaTemplateId: string, at: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: Keys.template(metaTemplateId),
          UpdateExpression: 'SET deletedAt = if_not_exists(deletedAt, :at), updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      )
      .catch((err) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }
}
