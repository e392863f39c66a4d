import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { GSI1, GSI2, TABLE_KEYS } from './keys.js';

/** The single table's key schema, used by the local runtime and tests (CDK mirrors it from keys.ts). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsi = (g: typeof GSI1 | typeof GSI2) => ({
    IndexName: g.name,
    KeySchema: [
      { AttributeName: g.pk, KeyType: 'HASH' as const },
      { AttributeName: g.sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [TABLE_KEYS.pk, TABLE_KEYS.sk, GSI1.pk, GSI1.sk, GSI2.pk, GSI2.sk].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.pk, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi(GSI1), gsi(GSI2)],
  };
}
