import * as z from 'zod';
import { guidanceFor } from '../domain/templates/guidance.js';
import type { CatalogTemplate } from '../domain/templates/model.js';
import { checkTemplate } from '../domain/templates/validate.js';
import { catalogueRow, templateTimeline } from '../domain/templates/operator-view.js';
import type { TemplateApi } from '../ports/eum.js';
import type { ApprovalStarter } from '../ports/templates.js';
import { ActionError, defineAction, mediaOf, templatesOf, type ActionContext, type ActionDefinition } from './types.js';
import { createTemplateInput, definitionFields, templateRef, updateTemplateInput, wabaIdField, waitFields } from './templates-input.js';
import { resolveWaba } from './waba.js';
import { withHeaderHandle } from './outbound-media.js';

/** Meta reviews within 24 h and at most 48 h; past that, the wait ends with template.approval_timed_out. */
export const MAX_WAIT_SECONDS = 48 * 3600;

const NEEDS = ['social-messaging:*WhatsAppMessageTemplate* (EUM template APIs)', 'waba_id, or EUM_WABA_ID set for the actions function'];
const BUSINESS_MANAGER_RUNBOOK = [
  'Open Meta Business Suite → WhatsApp Manager (business.facebook.com/wa/manage) for the WhatsApp Business Account linked to EUM.',
  'Go to Account tools → Message templates → Create template.',
  'Choose the category and type, the name and language you registered here, and fill in the content and samples.',
  'Submit it for review: Meta usually decides within minutes, at most 24–48 hours.',
  'Nothing else to do here: the template sync (every 30 minutes, or sync_templates) finds it in ListWhatsAppMessageTemplates and ends this wait with template.approved.',
];

function rejectIssues(issues: { field: string; rule: string }[]): void {
  if (issues.length) throw new ActionError(issues.map((i) => `${i.field}: ${i.rule}`).join('; '), 400, 'ValidationError', { issues });
}

async function findTemplate(ctx: ActionContext, input: { meta_template_id?: string; name?: string; language?: string }): Promise<CatalogTemplate> {
  const { store } = templatesOf(ctx);
  if (!input.meta_template_id && !(input.name && input.language)) {
    throw new ActionError('meta_template_id, or name and language: required', 400, 'ValidationError', {
      issues: [{ field: 'meta_template_id', rule: 'required (or name and language)' }],
    });
  }
  const t = input.meta_template_id ? await store.get(input.meta_template_id) : await store.findByName(input.name!, input.language!);
  if (!t)
    throw new ActionError(
      `no template ${input.meta_template_id ?? `${input.name} (${input.language})`} in the catalogue (sync_templates brings in those made elsewhere)`,
      404,
      'NotFound',
    );
  return t;
}

/** Starts the approval wait of one review version; named after it, so asking twice starts it once. */
async function startApproval(approvals: ApprovalStarter, t: { wabaId: string; metaTemplateId: string | null; name: string; language: string; version: number }) {
  const name = `tpl-${t.metaTemplateId ?? `${t.name}-${t.language}`}-v${t.version}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  const started = await approvals.start(name, { ...t, maxWaitSeconds: MAX_WAIT_SECONDS, clock: { tick: 0, elapsedSeconds: 0 } });
  return {
    execution: name,
    executionArn: started.executionArn,
    alreadyWaiting: !started.started,
    endsWith: ['template.approved', 'template.rejected', 'template.approval_timed_out'],
  };
}

/** The approval wait of a just-submitted version when the input asks for one (wait_for_approval or its alias), as `{ approval }`, else `{}`. */
const view = (t: CatalogTemplate) => ({ ...t, guidance: guidanceFor(t.status, t.reason) });

/** The answer to a submission: the stored template, and the approval wait when the request asked for one. */
async function submittedAnswer(ctx: ActionContext, input: { wait_for_approval?: boolean; waitForApproval?: boolean }, wabaId: string, t: CatalogTemplate) {
  if (!(input.wait_for_approval || input.waitForApproval)) return { template: view(t) };
  const approval = await startApproval(templatesOf(ctx).approvals, { wabaId, metaTemplateId: t.metaTemplateId, name: t.name, language: t.language, version: t.version });
  return { template: view(t), approval };
}

type Created = { metaTemplateId: string; status: string; category?: string };

/**
 * A new template (version 1): asks Meta through `create` (timed from before the call, as Meta's
 * webhook may answer first), stores what Meta answered with `fields`, and answers as submittedAnswer.
 */
async function submitNew(
  ctx: ActionContext,
  input: { name: string; language: string; wait_for_approval?: boolean; waitForApproval?: boolean },
  wabaId: string,
  fields: Pick<CatalogTemplate, 'category' | 'origin' | 'components' | 'parameterFormat'>,
  create: (api: TemplateApi) => Promise<Created>,
) {
  const deps = templatesOf(ctx);
  const requestedAt = deps.now().toISOString();
  const created = await create(deps.api);
  const t = await deps.store.submitted({
    ...fields,
    metaTemplateId: created.metaTemplateId,
    name: input.name,
    language: input.language,
    category: created.category ?? fields.category,
    status: created.status,
    wabaId,
    at: requestedAt,
    newVersion: false,
  });
  return submittedAnswer(ctx, input, wabaId, t);
}

export const templatesActions: ActionDefinition[] = [
  defineAction({
    name: 'create_template',
    status: 'supported',
    summary: "Validate a template against Meta's rules, create it through EUM, and optionally wait for Meta's review",
    needs: NEEDS,
    input: createTemplateInput,
    async run(input, ctx) {
      // An S3 object for the media header: turned into example.header_handle before validation.
      const components = input.header_media ? await withHeaderHandle(mediaOf(ctx), input.components, input.header_media, resolveWaba(input.waba_id)) : input.components;
      const definition = {
        name: input.name,
        language: input.language,
        category: input.category.toUpperCase(),
        components,
        ...(input.parameter_format ? { parameter_format: input.parameter_format } : {}),
      };
      const check = checkTemplate(definition);
      rejectIssues(check.issues);
      const wabaId = resolveWaba(input.waba_id);
      const fields = { category: definition.category, components, parameterFormat: input.parameter_format, origin: 'api' as const };
      return { ...(await submitNew(ctx, input, wabaId, fields, (api) => api.create(wabaId, definition))), kind: check.kind };
    },
  }),
  defineAction({
    name: 'update_template',
    status: 'supported',
    summary: 'Edit a template (components, category, parameter format); it goes back to review, optionally with a new approval wait',
    needs: NEEDS,
    input: updateTemplateInput,
    async run(given, ctx) {
      let input = given;
      if (!input.components && !input.category && !input.parameter_format && !input.header_media) {
        throw new ActionError('nothing to change: give components, category or parameter_format', 400, 'ValidationError', {
          issues: [{ field: 'components', rule: 'required (or category / parameter_format)' }],
        });
      }
      const current = await findTemplate(ctx, input);
      if (input.header_media) {
        const base = input.components ?? (current.components as Record<string, unknown>[] | undefined) ?? [];
        input = { ...input, components: await withHeaderHandle(mediaOf(ctx), base, input.header_media, resolveWaba(input.waba_id ?? current.wabaId)) };
      }
      const merged = {
        name: current.name,
        language: current.language,
        category: (input.category ?? current.category ?? '').toUpperCase(),
        components: input.components ?? current.components ?? [],
        ...((input.parameter_format ?? current.parameterFormat) ? { parameter_format: input.parameter_format ?? current.parameterFormat } : {}),
      };
      if (input.components || !current.components) rejectIssues(checkTemplate(merged).issues);
      const wabaId = resolveWaba(input.waba_id ?? current.wabaId);
      const deps = templatesOf(ctx);
      // What the restart to PENDING may replace: read consistently (a lookup by name goes through an index) just before Meta sees the edit.
      const seen = (await deps.store.get(current.metaTemplateId)) ?? current;
      const requestedAt = deps.now().toISOString();
      await deps.api.update(wabaId, current.metaTemplateId, { components: input.components, category: input.category?.toUpperCase(), parameterFormat: input.parameter_format });
      const t = await deps.store.submitted({
        metaTemplateId: current.metaTemplateId,
        name: current.name,
        language: current.language,
        category: merged.category,
        status: 'PENDING',
        components: merged.components,
        parameterFormat: merged.parameter_format as string | undefined,
        origin: current.origin,
        wabaId,
        at: requestedAt,
        newVersion: true,
        seen,
      });
      return submittedAnswer(ctx, input, wabaId, t);
    },
  }),
  defineAction({
    name: 'get_template',
    status: 'supported',
    summary: 'A catalogue template with its status, the reason and what to do about it, and its status history',
    needs: ['the template catalogue (DynamoDB)'],
    input: z.object({ action: z.literal('get_template'), ...templateRef }),
    async run(input, ctx) {
      const t = await findTemplate(ctx, input);
      const { store } = templatesOf(ctx);
      const [history, versions] = await Promise.all([store.history(t.metaTemplateId), store.versions(t.metaTemplateId)]);
      return { template: view(t), ...templateTimeline(t, history, versions) };
    },
  }),
  defineAction({
    name: 'list_templates',
    status: 'supported',
    summary: 'The local template catalogue (created here, from the library, or found by sync), filterable by status, category, language',
    needs: ['the template catalogue (DynamoDB); sync_templates / the schedule keeps it current'],
    input: z.object({
      action: z.literal('list_templates'),
      status: z.string().optional().describe('e.g. APPROVED, PENDING, REJECTED, PAUSED'),
      category: z.string().optional(),
      language: z.string().optional(),
      name_prefix: z.string().optional(),
      include_deleted: z.boolean().optional(),
    }),
    async run(input, ctx) {
      const { store, qualityStore } = templatesOf(ctx);
      const all = await store.list();
      const up = (v?: string) => v?.toUpperCase();
      const templates = all
        .filter((t) => input.include_deleted || !t.deletedAt)
        .filter((t) => !input.status || t.status === up(input.status))
        .filter((t) => !input.category || up(t.category) === up(input.category))
        .filter((t) => !input.language || t.language === input.language)
        .filter((t) => !input.name_prefix || t.name.startsWith(input.name_prefix))
        .sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
      const now = ctx.now();
      const rows = await Promise.all(templates.map(async (t) => catalogueRow(t, await qualityStore.getCurrent({ type: 'template', id: t.metaTemplateId }), now)));
      return { templates: rows, count: rows.length };
    },
  }),
  defineAction({
    name: 'delete_template',
    status: 'supported',
    summary: 'Delete a template at Meta (one language, or all languages of the name) and mark it deleted in the catalogue',
    needs: NEEDS,
    input: z.object({ action: z.literal('delete_template'), waba_id: wabaIdField, ...templateRef, all_languages: z.boolean().optional() }),
    async run(input, ctx) {
      const deps = templatesOf(ctx);
      const target = await findTemplate(ctx, input);
      const wabaId = resolveWaba(input.waba_id ?? target.wabaId);
      await deps.api.delete(wabaId, target.name, input.all_languages ? undefined : target.metaTemplateId);
      const at = deps.now().toISOString();
      const gone = input.all_languages ? (await deps.store.list()).filter((t) => t.name === target.name && !t.deletedAt) : [target];
      for (const t of gone) {
        await deps.store.applyStatus({ metaTemplateId: t.metaTemplateId, status: 'DELETED', at, source: 'api' });
        await deps.store.markDeleted(t.metaTemplateId, at);
      }
      return {
        deleted: gone.map((t) => ({ metaTemplateId: t.metaTemplateId, name: t.name, language: t.language })),
        note: 'Meta blocks this name + language for new templates for 4 weeks',
      };
    },
  }),
  defineAction({
    name: 'list_template_library',
    status: 'supported',
    summary: "Meta's template library: pre-written utility and authentication templates that are approved at once",
    needs: NEEDS,
    input: z.object({
      action: z.literal('list_template_library'),
      waba_id: wabaIdField,
      search_key: z.string().optional(),
      topic: z.string().optional(),
      usecase: z.string().optional(),
      industry: z.string().optional(),
      language: z.string().optional(),
      next_token: z.string().optional(),
    }),
    async run(input, ctx) {
      const filters = Object.fromEntries(
        Object.entries({ searchKey: input.search_key, topic: input.topic, usecase: input.usecase, industry: input.industry, language: input.language }).filter(
          ([, v]) => v !== undefined,
        ),
      ) as Record<string, string>;
      const page = await templatesOf(ctx).api.library(resolveWaba(input.waba_id), filters, input.next_token);
      return { templates: page.templates, ...(page.nextToken ? { next_token: page.nextToken } : {}) };
    },
  }),
  defineAction({
    name: 'create_template_from_library',
    status: 'supported',
    summary: "Create a template from Meta's library (with its button and body inputs), optionally waiting for the outcome",
    needs: NEEDS,
    input: z.object({
      action: z.literal('create_template_from_library'),
      waba_id: wabaIdField,
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and underscores, at most 512'),
      library_template_name: z.string().min(1).describe('the library entry, e.g. delivery_update_1'),
      language: z.string().min(2),
      category: z.enum(['UTILITY', 'AUTHENTICATION', 'MARKETING']),
      body_inputs: z
        .object({
          addContactNumber: z.boolean().optional(),
          addLearnMoreLink: z.boolean().optional(),
          addSecurityRecommendation: z.boolean().optional(),
          addTrackPackageLink: z.boolean().optional(),
          codeExpirationMinutes: z.number().int().min(1).max(90).optional(),
        })
        .optional(),
      button_inputs: z
        .array(
          z.object({
            type: z.string(),
            phoneNumber: z.string().optional(),
            url: z.record(z.string(), z.string()).optional(),
            otpType: z.string().optional(),
            zeroTapTermsAccepted: z.boolean().optional(),
            supportedApps: z.array(z.record(z.string(), z.string())).optional(),
          }),
        )
        .optional(),
      ...waitFields,
    }),
    async run(input, ctx) {
      const wabaId = resolveWaba(input.waba_id);
      const library = {
        templateName: input.name,
        libraryTemplateName: input.library_template_name,
        templateCategory: input.category,
        templateLanguage: input.language,
        ...(input.body_inputs ? { libraryTemplateBodyInputs: input.body_inputs } : {}),
        ...(input.button_inputs ? { libraryTemplateButtonInputs: input.button_inputs } : {}),
      };
      return submitNew(ctx, input, wabaId, { category: input.category, origin: 'library' }, (api) => api.createFromLibrary(wabaId, library));
    },
  }),
  defineAction({
    name: 'register_external_template',
    status: 'partial',
    summary: "For a template built in Meta Business Manager (e.g. a kind Meta's API does not take): the runbook, and a wait that ends when sync sees it approved",
    needs: [...NEEDS, 'the template sync schedule (or sync_templates) to find it'],
    runbook: BUSINESS_MANAGER_RUNBOOK,
    input: z.object({
      action: z.literal('register_external_template'),
      waba_id: wabaIdField,
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits and underscores, at most 512'),
      language: z.string().min(2),
    }),
    async run(input, ctx) {
      const wabaId = resolveWaba(input.waba_id);
      const { store, approvals } = templatesOf(ctx);
      const known = await store.findByName(input.name, input.language);
      const approval = await startApproval(approvals, {
        wabaId,
        metaTemplateId: known?.metaTemplateId ?? null,
        name: input.name,
        language: input.language,
        version: known?.version ?? 1,
      });
      return { runbook: BUSINESS_MANAGER_RUNBOOK, ...(known ? { template: view(known) } : {}), approval };
    },
  }),
  defineAction({
    name: 'sync_templates',
    status: 'supported',
    summary: "Reconcile the catalogue with the WABA's templates at Meta now (the schedule does it every 30 minutes)",
    needs: NEEDS,
    input: z.object({ action: z.literal('sync_templates'), waba_id: wabaIdField }),
    async run(input, ctx) {
      return templatesOf(ctx).sync({ wabaId: resolveWaba(input.waba_id) });
    },
  }),
  defineAction({
    name: 'validate_template',
    status: 'supported',
    summary: "Checks a template definition against Meta's rules as create_template does, without creating anything: the field-level issues and the template's kind",
    needs: [],
    input: z.object({ action: z.literal('validate_template'), ...definitionFields }),
    async run(input) {
      const definition = {
        name: input.name,
        language: input.language,
        category: input.category.toUpperCase(),
        components: input.components,
        ...(input.parameter_format ? { parameter_format: input.parameter_format } : {}),
      };
      const check = checkTemplate(definition);
      return { valid: check.issues.length === 0, kind: check.kind, issues: check.issues };
    },
  }),
];
