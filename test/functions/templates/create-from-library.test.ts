import { describe, expect, it } from 'vitest';
import { DynamoTemplateStore } from '../../../functions/adapters/dynamodb/template-store.js';
import type { MetaLibraryTemplate } from '@aws-sdk/client-socialmessaging';
import type { Deps } from '../../../functions/wiring/shared.js';
import { templateActionAdapters } from '../../../functions/wiring/templates.js';
import { actionContext, succeeded } from '../../support/action-context.js';
import { CollectingPublisher } from '../../support/fakes.js';
import { testTable } from '../../support/test-table.js';

/** create_template_from_library: Meta's template library through EUM, stored as version 1 with what Meta answered. */
const table = testTable();
const NOW = new Date('2026-05-03T10:00:00.250Z');

describe('create_template_from_library', () => {
  it("sends the library template's inputs to EUM and stores Meta's answer as the first version, origin library", async () => {
    const deps = { db: table.db, tableName: table.tableName, publisher: new CollectingPublisher() } as unknown as Deps;
    const sent: { wabaId: string; template: MetaLibraryTemplate }[] = [];
    const api = {
      createFromLibrary: async (wabaId: string, template: MetaLibraryTemplate) => {
        sent.push({ wabaId, template });
        // Meta may file it under another category than the one asked for.
        return { metaTemplateId: '3001', status: 'PENDING', category: 'MARKETING' };
      },
    };
    const adapters = { ...templateActionAdapters(deps), api: api as never, now: () => NOW };

    const out = await succeeded(
      {
        action: 'create_template_from_library',
        waba_id: 'waba-1',
        name: 'delivery_update',
        language: 'en_US',
        category: 'UTILITY',
        library_template_name: 'delivery_update_1',
        body_inputs: { addContactNumber: true },
      },
      actionContext({ deps, now: () => NOW, templates: () => adapters }),
    );

    expect(sent).toEqual([
      {
        wabaId: 'waba-1',
        template: {
          templateName: 'delivery_update',
          libraryTemplateName: 'delivery_update_1',
          templateCategory: 'UTILITY',
          templateLanguage: 'en_US',
          libraryTemplateBodyInputs: { addContactNumber: true },
        },
      },
    ]);
    const stored = await new DynamoTemplateStore(table.db, table.tableName).get('3001');
    expect(stored).toMatchObject({ name: 'delivery_update', language: 'en_US', category: 'MARKETING', status: 'PENDING', origin: 'library', version: 1, wabaId: 'waba-1' });
    expect(out.template).toMatchObject({ metaTemplateId: '3001', origin: 'library' });
    expect(out).not.toHaveProperty('approval');
  });
});
