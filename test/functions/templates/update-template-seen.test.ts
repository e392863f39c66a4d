import { describe, expect, it } from 'vitest';
import { DynamoTemplateStore } from '../../../functions/adapters/dynamodb/template-store.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { templateActionAdapters } from '../../../functions/wiring/templates.js';
import { actionContext, succeeded } from '../../support/action-context.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { testTable } from '../../support/test-table.js';

/**
 * update_template named by name and language finds the template through an index, which DynamoDB
 * reads eventually consistently. The restart to PENDING must compare against the status as stored,
 * not as the index last saw it: else an outcome stored in the same second as the edit keeps the new
 * version "APPROVED" without a review.
 */
const table = testTable();
const EDITED_AT = new Date('2026-05-03T10:00:00.600Z');

describe('update_template after an outcome the name index has not caught up with', () => {
  it('restarts the review from the status as stored', async () => {
    const deps = { db: table.db, tableName: table.tableName, publisher: new CollectingPublisher() } as unknown as Deps;
    const store = new DynamoTemplateStore(table.db, table.tableName);
    const body = [{ type: 'BODY', text: 'Hi {{1}}, your order is ready.', example: { body_text: [['Asha']] } }];
    await store.submitted({
      metaTemplateId: '2001',
      name: 'late_answer',
      language: 'en_US',
      category: 'UTILITY',
      status: 'PENDING',
      origin: 'api',
      wabaId: 'waba-1',
      components: body,
      at: '2026-05-03T09:00:00.000Z',
      newVersion: false,
    });
    const beforeOutcome = (await store.get('2001'))!;
    // Meta's answer to version 1, stored in the second of the edit.
    await store.applyStatus({ metaTemplateId: '2001', status: 'APPROVED', at: '2026-05-03T10:00:00Z', source: 'webhook' });
    // The index still answers with the template as it was before that answer.
    const staleIndex = Object.assign(Object.create(store) as DynamoTemplateStore, { findByName: async () => beforeOutcome });
    const adapters = { ...templateActionAdapters(deps), store: staleIndex, api: { update: async () => undefined } as never, now: () => EDITED_AT };

    await succeeded(
      {
        action: 'update_template',
        name: 'late_answer',
        language: 'en_US',
        components: [{ type: 'BODY', text: 'Hi {{1}}, your order is packed.', example: { body_text: [['Asha']] } }],
      },
      actionContext({ deps, now: () => EDITED_AT, templates: () => adapters }),
    );

    expect(await store.get('2001')).toMatchObject({ status: 'PENDING', version: 2 });
  });
});
