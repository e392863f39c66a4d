import * as z from 'zod';
import { FLOW_ENDPOINT_RUNBOOK, FLOW_LINKS } from '../domain/messaging/capability-guides.js';
import { checkFlowJson } from '../domain/messaging/flow-json.js';
import { FlowCategories } from '../domain/messaging/limits.js';
import { ActionError, defineAction, messagingOf, type ActionContext, type ActionDefinition } from './types.js';
import { resolveWaba } from './waba.js';

const NEEDS = ['social-messaging:*WhatsAppFlow* on the WhatsApp Business Account', 'waba_id, or EUM_WABA_ID set for the actions function'];
const RUNBOOK = FLOW_ENDPOINT_RUNBOOK;

const wabaId = z.string().min(1).optional().describe('EUM WhatsApp Business Account id (default: env EUM_WABA_ID)');
const flowId = z.string().min(1, 'the Flow id is required').describe('Flow id');
const categories = z.array(z.enum(FlowCategories, { error: `each category must be one of ${FlowCategories.join(', ')}` })).min(1, 'at least one category');
const flowJson = z.union([z.string(), z.record(z.string(), z.unknown())]).describe('Flow JSON (object or JSON text): { "version": "7.1", "screens": [...] }');

/** The function's Flow manager and the request's WABA (else the wiring's default, EUM_WABA_ID). */
function flowsFor(ctx: ActionContext, given: string | undefined) {
  const { flows, defaultWabaId } = messagingOf(ctx);
  return { flows, waba: resolveWaba(given, defaultWabaId) };
}

/** Our structural check of the Flow JSON: a 400 naming each field before Meta sees it. */
function validFlowJson(input: unknown) {
  const summary = checkFlowJson(input);
  if (summary.issues.length) {
    throw new ActionError(summary.issues.map((i) => `${i.field}: ${i.rule}`).join('; '), 400, 'ValidationError', { issues: summary.issues });
  }
  return summary;
}

function metaValidation(errors: string[] | undefined) {
  const list = errors ?? [];
  return {
    valid: list.length === 0,
    validationErrors: list,
    ...(list.length
      ? {
          message: `Meta found ${list.length} problem(s) in the Flow JSON: ${list.map((e, n) => `${n + 1}) ${e}`).join(' ')}; fix them with update_flow --flow-json, then publish_flow`,
        }
      : {}),
  };
}

/** What stays in Meta's tools; for endpoint Flows the endpoint + encryption key steps are required. */
const guidance = (usesDataEndpoint: boolean | undefined) => ({
  dataEndpoint: usesDataEndpoint
    ? "required: this Flow exchanges data with your endpoint; set up the endpoint and the business encryption key in Meta's tools (runbook steps 2-5)"
    : "not used: static Flow, nothing more to set up on Meta's side",
  runbook: RUNBOOK,
  links: FLOW_LINKS,
});

/** Meta's validation after a create or update: the Flow's own errors, else those the write returned. */
const validationAfterWrite = (details: { validationErrors?: string[] }, written: string[] | undefined) =>
  metaValidation(details.validationErrors?.length ? details.validationErrors : written);

/** The guidance for a Flow as Meta reports it and, when one was just sent, its Flow JSON. */
const flowGuidance = (details: { dataApiVersion?: string }, json?: { usesDataEndpoint?: boolean }) => guidance(json?.usesDataEndpoint || Boolean(details.dataApiVersion));

/** Every Flow action is supported and needs the Flow permissions on the WABA; an action may name more needs. */
const flowAction = <S extends z.ZodType>(def: Omit<ActionDefinition<S>, 'status' | 'needs'> & { needs?: string[] }) =>
  defineAction<S>({ status: 'supported', needs: NEEDS, ...def });

/** An action on one Flow of the WABA: its input is the WABA and the Flow id; its run gets the WABA's Flow manager. */
const oneFlowAction = <N extends string>(
  name: N,
  summary: string,
  run: (on: ReturnType<typeof flowsFor> & { flowId: string }) => Promise<unknown>,
  extra: { runbook?: string[] } = {},
) =>
  flowAction({
    name,
    summary,
    ...extra,
    input: z.object({ action: z.literal(name), waba_id: wabaId, flow_id: flowId }),
    run: (i, ctx) => run({ ...flowsFor(ctx, i.waba_id), flowId: i.flow_id }),
  });

const createFlow = flowAction({
  name: 'create_flow',
  summary: "Create a WhatsApp Flow from Flow JSON (or clone one), optionally publish it; shows Meta's validation errors",
  needs: [...NEEDS, "flows with a data endpoint: endpoint + business encryption key set up on Meta's side"],
  runbook: RUNBOOK,
  input: z
    .object({
      action: z.literal('create_flow'),
      waba_id: wabaId,
      name: z.string().trim().min(1).max(200).describe('Flow name, unique in the WABA'),
      categories: categories.describe(`one or more of ${FlowCategories.join(', ')}`),
      flow_json: flowJson.optional(),
      publish: z.boolean().optional().describe('publish at once (needs a valid Flow JSON)'),
      clone_flow_id: z.string().min(1).optional().describe('copy an existing Flow of the same WABA'),
    })
    .refine((v) => !v.publish || v.flow_json !== undefined || v.clone_flow_id, { path: ['flow_json'], message: 'required to publish at creation (or give clone_flow_id)' }),
  async run(i, ctx) {
    const { flows, waba } = flowsFor(ctx, i.waba_id);
    const json = i.flow_json !== undefined ? validFlowJson(i.flow_json) : undefined;
    const created = await flows.create({ wabaId: waba, name: i.name, categories: i.categories, flowJson: json?.bytes, publish: i.publish, cloneFlowId: i.clone_flow_id });
    const details = await flows.get(waba, created.flowId);
    const validation = validationAfterWrite(details, created.validationErrors);
    return {
      flowId: created.flowId,
      name: i.name,
      flowStatus: details.flowStatus,
      published: details.flowStatus === 'PUBLISHED',
      screens: json?.screens,
      ...validation,
      preview: details.preview,
      ...flowGuidance(details, json),
    };
  },
});

const updateFlow = flowAction({
  name: 'update_flow',
  summary: 'Rename a Flow, change its categories and/or replace its Flow JSON (DRAFT flows)',
  runbook: RUNBOOK,
  input: z
    .object({
      action: z.literal('update_flow'),
      waba_id: wabaId,
      flow_id: flowId,
      name: z.string().trim().min(1).max(200).optional(),
      categories: categories.optional(),
      flow_json: flowJson.optional(),
    })
    .refine((v) => v.name !== undefined || v.categories !== undefined || v.flow_json !== undefined, {
      path: ['name'],
      message: 'give at least one of name, categories or flow_json',
    }),
  async run(i, ctx) {
    const { flows, waba } = flowsFor(ctx, i.waba_id);
    const json = i.flow_json !== undefined ? validFlowJson(i.flow_json) : undefined;
    if (i.name !== undefined || i.categories !== undefined) await flows.update({ wabaId: waba, flowId: i.flow_id, name: i.name, categories: i.categories });
    const assets = json ? await flows.updateAssets({ wabaId: waba, flowId: i.flow_id, flowJson: json.bytes }) : undefined;
    const details = await flows.get(waba, i.flow_id);
    return {
      flowId: i.flow_id,
      flowStatus: details.flowStatus,
      updated: [i.name !== undefined && 'name', i.categories !== undefined && 'categories', json && 'flow_json'].filter(Boolean),
      ...validationAfterWrite(details, assets?.validationErrors),
      ...flowGuidance(details, json),
    };
  },
});

const publishFlow = oneFlowAction(
  'publish_flow',
  'Publish a DRAFT Flow (irreversible: later changes need a new Flow)',
  async ({ flows, waba, flowId }) => {
    const before = await flows.get(waba, flowId);
    const validation = metaValidation(before.validationErrors);
    if (!validation.valid)
      throw new ActionError(`flow ${flowId} cannot be published: ${validation.message}`, 409, 'FlowInvalid', { validationErrors: validation.validationErrors });
    if (before.flowStatus === 'PUBLISHED') return { flowId, flowStatus: 'PUBLISHED', published: true, note: 'already published' };
    await flows.publish(waba, flowId);
    const after = await flows.get(waba, flowId);
    return { flowId, flowStatus: after.flowStatus, published: after.flowStatus === 'PUBLISHED', healthStatus: after.healthStatus, ...flowGuidance(after) };
  },
  { runbook: RUNBOOK },
);

const getFlow = flowAction({
  name: 'get_flow',
  summary: "A Flow's status, categories, Meta validation errors, health, preview URL and (optionally) its assets",
  input: z.object({
    action: z.literal('get_flow'),
    waba_id: wabaId,
    flow_id: flowId,
    preview: z.boolean().optional().describe('also fetch a fresh preview URL'),
    assets: z.boolean().optional().describe('also list the Flow JSON asset download URLs'),
  }),
  async run(i, ctx) {
    const { flows, waba } = flowsFor(ctx, i.waba_id);
    const details = await flows.get(waba, i.flow_id);
    const preview = i.preview ? await flows.preview(waba, i.flow_id) : details.preview;
    const assets = i.assets ? await flows.listAssets(waba, i.flow_id) : undefined;
    return { ...details, preview, assets, ...metaValidation(details.validationErrors) };
  },
});

const listFlows = flowAction({
  name: 'list_flows',
  summary: 'The Flows of the WhatsApp Business Account with status and validation errors',
  input: z.object({
    action: z.literal('list_flows'),
    waba_id: wabaId,
    next_token: z.string().optional(),
    max_results: z.number().int().min(1).max(100).optional(),
  }),
  async run(i, ctx) {
    const { flows, waba } = flowsFor(ctx, i.waba_id);
    return flows.list(waba, { nextToken: i.next_token, maxResults: i.max_results });
  },
});

const deprecateFlow = oneFlowAction('deprecate_flow', 'Deprecate a PUBLISHED Flow so it can no longer be sent', async ({ flows, waba, flowId }) => {
  await flows.deprecate(waba, flowId);
  return { flowId, flowStatus: 'DEPRECATED' };
});

const deleteFlow = oneFlowAction('delete_flow', 'Delete a DRAFT Flow (published Flows are deprecated instead)', async ({ flows, waba, flowId }) => {
  const details = await flows.get(waba, flowId);
  if (details.flowStatus && details.flowStatus !== 'DRAFT') {
    throw new ActionError(`flow ${flowId} is ${details.flowStatus}: Meta deletes only DRAFT flows; use deprecate_flow`, 409, 'FlowNotDraft');
  }
  await flows.delete(waba, flowId);
  return { flowId, deleted: true };
});

export const flowActions: ActionDefinition[] = [createFlow, updateFlow, publishFlow, getFlow, listFlows, deprecateFlow, deleteFlow] as ActionDefinition[];
