import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerIdentities } from '../../domain/customers/identity.js';
import { Keys } from './keys.js';

/** Phone ↔ BSUID links of one customer: one item each way, so either identity finds the other in one query. */
export class DynamoCustomerIdentities implements CustomerIdentities {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async link(phone: string, bsuid: string, seenAt: string): Promise<void> {
    // Plain puts: writing the same link again changes nothing that matters (the time it was seen).
    await Promise.all([
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...Keys.customerLink(phone, bsuid), identity: bsuid, seenAt } })),
      this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...Keys.customerLink(bsuid, phone), identity: phone, seenAt } })),
    ]);
  }

  async linked(customerId: string): Promise<string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': Keys.customerLinkPartition(customerId), ':s': 'LINK#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => String(i.identity));
  }
}
