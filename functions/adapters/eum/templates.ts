import {
  CreateWhatsAppMessageTemplateCommand,
  CreateWhatsAppMessageTemplateFromLibraryCommand,
  DeleteWhatsAppMessageTemplateCommand,
  GetWhatsAppMessageTemplateCommand,
  ListWhatsAppMessageTemplatesCommand,
  ListWhatsAppTemplateLibraryCommand,
  UpdateWhatsAppMessageTemplateCommand,
  type MetaLibraryTemplate,
  type MetaLibraryTemplateDefinition,
} from '@aws-sdk/client-socialmessaging';
import { socialMessagingClient, toProviderError } from './client.js';

/** Template management through EUM Social: Meta's template JSON passes through as bytes. */
export interface TemplateApi {
  create(wabaId: string, definition: unknown): Promise<{ metaTemplateId: string; status: string; category?: string }>;
  createFromLibrary(wabaId: string, template: MetaLibraryTemplate): Promise<{ metaTemplateId: string; status: string; category?: string }>;
  update(wabaId: string, metaTemplateId: string, edit: { components?: unknown[]; category?: string; parameterFormat?: string }): Promise<void>;
  delete(wabaId: string, name: string, metaTemplateId?: string): Promise<void>;
  /** Meta's template object (name, language, status, category, components, rejected_reason…). */
  get(wabaId: string, metaTemplateId: string): Promise<MetaTemplate>;
  list(wabaId: string): Promise<TemplateSummary[]>;
  library(wabaId: string, filters?: Record<string, string>, nextToken?: string): Promise<{ templates: MetaLibraryTemplateDefinition[]; nextToken?: string }>;
}

export interface MetaTemplate {
  id?: string;
  name?: string;
  language?: string;
  status?: string;
  category?: string;
  components?: unknown[];
  rejected_reason?: string;
  parameter_format?: string;
}

export interface TemplateSummary {
  metaTemplateId: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  qualityScore?: string;
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

export class EumTemplateApi implements TemplateApi {
  async create(wabaId: string, definition: unknown) {
    const out = await call(() => socialMessagingClient().send(new CreateWhatsAppMessageTemplateCommand({ id: wabaId, templateDefinition: json(definition) })));
    return { metaTemplateId: out.metaTemplateId!, status: out.templateStatus ?? 'PENDING', category: out.category };
  }

  async createFromLibrary(wabaId: string, template: MetaLibraryTemplate) {
    const out = await call(() => socialMessagingClient().send(new CreateWhatsAppMessageTemplateFromLibraryCommand({ id: wabaId, metaLibraryTemplate: template })));
    return { metaTemplateId: out.metaTemplateId!, status: out.templateStatus ?? 'PENDING', category: out.category };
  }

  async update(wabaId: string, metaTemplateId: string, edit: { components?: unknown[]; category?: string; parameterFormat?: string }) {
    await call(() =>
      socialMessagingClient().send(
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
    await call(() => socialMessagingClient().send(new DeleteWhatsAppMessageTemplateCommand({ id: wabaId, templateName: name, metaTemplateId })));
  }

  async get(wabaId: string, metaTemplateId: string): Promise<MetaTemplate> {
    const out = await call(() => socialMessagingClient().send(new GetWhatsAppMessageTemplateCommand({ id: wabaId, metaTemplateId })));
    return JSON.parse(out.template ?? '{}') as MetaTemplate;
  }

  async list(wabaId: string): Promise<TemplateSummary[]> {
    const all: TemplateSummary[] = [];
    let nextToken: string | undefined;
    do {
      const out = await call(() => socialMessagingClient().send(new ListWhatsAppMessageTemplatesCommand({ id: wabaId, nextToken, maxResults: 100 })));
      for (const t of out.templates ?? []) {
        if (!t.metaTemplateId || !t.templateName || !t.templateLanguage) continue;
        all.push({ metaTemplateId: t.metaTemplateId, name: t.templateName, language: t.templateLanguage, status: t.templateStatus ?? 'UNKNOWN', category: t.templateCategory, qualityScore: t.templateQualityScore });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return all;
  }

  async library(wabaId: string, filters?: Record<string, string>, nextToken?: string) {
    const out = await call(() => socialMessagingClient().send(new ListWhatsAppTemplateLibraryCommand({ id: wabaId, filters, nextToken, maxResults: 50 })));
    return { templates: out.metaLibraryTemplates ?? [], nextToken: out.nextToken };
  }
}
