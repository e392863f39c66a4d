import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { cancellationCodes, isConditionalCheckFailed } from '../../../functions/adapters/dynamodb/client.js';

/** How the stores tell "already there / superseded" (expected) from every other DynamoDB error (rethrown). */
const meta = { $metadata: {} };

describe('DynamoDB error classification', () => {
  it('only a ConditionalCheckFailedException is a failed condition', () => {
    expect(isConditionalCheckFailed(new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta }))).toBe(true);
    expect(isConditionalCheckFailed(new ProvisionedThroughputExceededException({ message: 'throttled', ...meta }))).toBe(false);
    expect(isConditionalCheckFailed(new TransactionCanceledException({ message: 'cancelled', ...meta, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }))).toBe(false);
    expect(isConditionalCheckFailed(undefined)).toBe(false);
    expect(isConditionalCheckFailed(null)).toBe(false);
  });

  it('a cancelled transaction gives one code per item, in order; anything else gives none', () => {
    expect(cancellationCodes(new TransactionCanceledException({ message: 'x', ...meta, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }))).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(cancellationCodes(new TransactionCanceledException({ message: 'x', ...meta }))).toEqual([]);
    expect(cancellationCodes(new ConditionalCheckFailedException({ message: 'x', ...meta }))).toEqual([]);
    expect(cancellationCodes(Object.assign(new Error('x'), { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }))).toEqual([]);
    expect(cancellationCodes(undefined)).toEqual([]);
  });
});
