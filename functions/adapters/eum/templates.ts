import {
  CreateWhatsAppMessageTemplateCommand,
  CreateWhatsAppMessageTemplateFromLibraryCommand,
  DeleteWhatsAppMessageTemplateCommand,
  GetWhatsAppMessageTemplateCommand,
  ListWhatsAppMessageTemplatesCommand,
  ListWhatsAppTemplateLibraryCommand,
  UpdateWhatsAppMessageTemplateCommand,
  type MetaLibraryTemplate,
} from '@aws-sdk/client-socialmessaging';
import { EumAdapter, toProviderError } from './client.js';
import type { TemplateApi, MetaTemplate, TemplateSummary } from '../../ports/eum.js';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

export class EumTemplateApi extends EumAdapter implements TemplateApi {
  async create(wabaId: string, definition: unknown) {
    const out = await call(() => this.client.send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: json(definition) })));
    return { metaTemplateId: out.metaTemplateId!, status: out.templateStatus ?? 'PENDING', category: out.category };
  }

  async createFromLibrary(wabaId: string, template: MetaLibraryTemplate) {
    const out = await call(() => this.client.send(new CreateWhatsAppMessageTemplateFromLibraryCommand({ id: wabaId, metaLibraryTemplate: template })));
    return { metaTemplateId: out.metaTemplateId!, status: out.templateStatus ?? 'PENDING', category: out.category };
  }

  async update(wabaId: string, metaTemplateId: string, edit: { components?: unknown[]; category?: string; parameterFormat?: string }) {
    await call(() =>
      this.client.send(
        new UpdateWhatsAppMessageTemplateCommand({
          id: wabaId,
          metaTemplateId,
          ...(edit.components ? { templateComponents: json(edit.components) } : {}),
          ...(edit.category ? { templateCategory: edit.category } : {}),
          ...(edit.parameterFormat ? { parameterFormat: edit.parameterFormat } : {}),
        }),
      ),
    );
  }

  async delete(wabaId: string, name: string, metaTemplateId?: string) {
    await call(() => this.client.send(new DeleteWhatsAppMessageTemplateCommand({ id: wabaId, templateName: name, metaTemplateId })));
  }

  async get(wabaId: string, metaTemplateId: string): Promise<MetaTemplate> {
    const out = await call(() => this.client.send(new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId })));
    return JSON.parse(out.template ?? '{}') as MetaTemplate;
  }

  async list(wabaId: string): Promise<TemplateSummary[]> {
    const all: TemplateSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await call(() => this.client.send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId, nextToken, maxResults: 100 })));
      for (const t of out.templates ?? []) {
        if (!t.metaTemplateId || !t.templateName || !t.templateLanguage) continue;
        all.push({
          metaTemplateId: t.metaTemplateId,
          name: t.templateName,
          language: t.templateLanguage,
          status: t.templateStatus ?? 'UNKNOWN',
          category: t.templateCategory,
          qualityScore: t.templateQualityScore,
        });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return all;
  }

  async library(wabaId: string, filters?: Record<string, string>, nextToken?: string) {
    const out = await call(() => this.client.send(new ListWhatsAppTemplateLibraryCommand({ id: wabaId, filters, nextToken, maxResults: 50 })));
    return { templates: out.metaLibraryTemplates ?? [], nextToken: out.nextToken };
  }
}
