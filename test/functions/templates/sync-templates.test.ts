import { ListLinkedWhatsAppBusinessAccountsCommand, ListWhatsAppMessageTemplatesCommand, SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoTemplateStore } from '../../../functions/adapters/dynamodb/template-store.js';
import { DynamoWaiterStore } from '../../../functions/adapters/dynamodb/waiter-store.js';
import { syncTemplatesHandler } from '../../../functions/handlers/sync-templates.js';
import type { TemplateSyncDeps } from '../../../functions/templates/sync-templates.js';
import { templateSyncDeps } from '../../../functions/wiring/templates.js';
import type { Deps } from '../../../functions/wiring/shared.js';
import { testTable } from '../../support/test-table.js';
import { CollectingPublisher } from '../../support/fakes.js';

/** Issue 15 finding 5: deployed without -c wabaId (no EUM_WABA_ID), the 30-minute sync must not throw. */
const eum = mockClient(SocialMessagingClient);
const table = testTable();
let publisher: CollectingPublisher;
/** The template adapters over the test table and this test's publisher; EUM is the SDK's client, faked by `eum`. */
let deps: TemplateSyncDeps;
const handler = syncTemplatesHandler(() => deps);
const savedWaba = process.env.EUM_WABA_ID;

const listed = (id: string, name: string) => ({ metaTemplateId: id, templateName: name, templateLanguage: 'en_US', templateStatus: 'APPROVED', templateCategory: 'UTILITY' });

beforeEach(() => {
  delete process.env.EUM_WABA_ID;
  eum.reset();
  publisher = new CollectingPublisher();
  deps = templateSyncDeps({ db: table.db, tableName: table.tableName, publisher, waiters: new DynamoWaiterStore(table.db, table.tableName) } as unknown as Deps);
});
afterAll(async () => {
  if (savedWaba === undefined) delete process.env.EUM_WABA_ID;
  else process.env.EUM_WABA_ID = savedWaba;
  eum.restore();
});

describe('sync-templates without a configured WABA', () => {
  it('syncs every WABA linked in EUM, as poll-quality does', async () => {
    // Prepare: two linked WABAs, one template each at Meta, none in the catalogue
    eum.on(ListLinkedWhatsAppBusinessAccountsCommand).resolves({
      linkedAccounts: [
        { arn: 'arn:a', id: 'waba-aaa1', wabaId: '1001', registrationStatus: 'COMPLETE', linkDate: new Date(), wabaName: 'a', eventDestinations: [] },
        { arn: 'arn:b', id: 'waba-bbb2', wabaId: '1002', registrationStatus: 'COMPLETE', linkDate: new Date(), wabaName: 'b', eventDestinations: [] },
      ],
    });
    eum.on(ListWhatsAppMessageTemplatesCommand, { id: 'waba-aaa1' }).resolves({ templates: [listed('7001', 'order_ready')] });
    eum.on(ListWhatsAppMessageTemplatesCommand, { id: 'waba-bbb2' }).resolves({ templates: [listed('7002', 'otp_code')] });

    // Act
    const out = (await handler({})) as { synced: { wabaId: string; discovered: number }[] };

    // Assess
    expect(out.synced.map((s) => [s.wabaId, s.discovered])).toEqual([
      ['waba-aaa1', 1],
      ['waba-bbb2', 1],
    ]);
    const stored = await new DynamoTemplateStore(table.db, table.tableName).list();
    expect(
      stored
        .filter((t) => ['7001', '7002'].includes(t.metaTemplateId))
        .map((t) => [t.metaTemplateId, t.wabaId])
        .sort(),
    ).toEqual([
      ['7001', 'waba-aaa1'],
      ['7002', 'waba-bbb2'],
    ]);
    expect(publisher.events.map((e) => (e.detail as { templateId?: string }).templateId).sort()).toEqual(['7001', '7002']);
  });

  it('skips with a logged reason, without throwing, when no WABA is linked', async () => {
    eum.on(ListLinkedWhatsAppBusinessAccountsCommand).resolves({ linkedAccounts: [] });

    const out = (await handler({})) as { synced: unknown[]; skipped?: string };

    expect(out.synced).toEqual([]);
    expect(out.skipped).toMatch(/no WABA to sync: none is linked/);
    expect(eum.commandCalls(ListWhatsAppMessageTemplatesCommand)).toHaveLength(0);
  });

  it('still syncs only the configured WABA when EUM_WABA_ID is set', async () => {
    process.env.EUM_WABA_ID = 'waba-ccc3';
    eum.on(ListWhatsAppMessageTemplatesCommand, { id: 'waba-ccc3' }).resolves({ templates: [] });

    const out = (await handler({})) as { wabaId: string };

    expect(out.wabaId).toBe('waba-ccc3');
    expect(eum.commandCalls(ListLinkedWhatsAppBusinessAccountsCommand)).toHaveLength(0);
  });
});
