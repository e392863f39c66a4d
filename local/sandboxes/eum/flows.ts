import type { IdFactory } from '../shared/scheduler.js';
import type { SandboxAccount } from './account.js';
import { notFound, validation } from './errors.js';
import type { EumWebhooks } from './webhooks.js';

export type FlowStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED';

export interface SandboxFlow {
  flowId: string;
  name: string;
  categories: string[];
  status: FlowStatus;
  /** The Flow JSON as uploaded (a string), if any. */
  json?: string;
  /** Meta's validation errors as EUM returns them ("CODE: message"). */
  validationErrors: string[];
  jsonVersion?: string;
  dataApiVersion?: string;
  previewToken: string;
  createdAt: Date;
  updatedAt: Date;
}

/** MetaFlowCategory of the SDK model. */
const CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'SHOPPING', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The structural part of Meta's Flow JSON validation, reported the way Meta does: the Flow is saved, the errors listed. */
export function validateFlowJson(text: string): { errors: string[]; version?: string; dataApiVersion?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { errors: [`INVALID_JSON: Flow JSON is not valid JSON (${(err as Error).message})`] };
  }
  if (!isObject(json)) return { errors: ['INVALID_JSON: Flow JSON must be an object'] };
  const errors: string[] = [];
  const version = typeof json.version === 'string' ? json.version : undefined;
  if (json.version === undefined) errors.push('MISSING_REQUIRED_PROPERTY: The property "version" is required at "$"');
  else if (!version || !/^\d+\.\d+$/.test(version) || Number(version.split('.')[0]) < 2)
    errors.push(`INVALID_PROPERTY_VALUE: Invalid value ${JSON.stringify(json.version)} for property "version" at "$.version"`);
  if (json.screens === undefined) errors.push('MISSING_REQUIRED_PROPERTY: The property "screens" is required at "$"');
  else if (!Array.isArray(json.screens) || json.screens.length === 0) errors.push('INVALID_PROPERTY_VALUE: "screens" must be a non-empty array at "$.screens"');
  else {
    const ids = new Set<string>();
    json.screens.forEach((s, i) => {
      const at = `$.screens[${i}]`;
      if (!isObject(s)) return void errors.push(`INVALID_PROPERTY_TYPE: Expected an object at "${at}"`);
      if (typeof s.id !== 'string') errors.push(`MISSING_REQUIRED_PROPERTY: The property "id" is required at "${at}"`);
      else if (s.id === 'SUCCESS') errors.push(`INVALID_PROPERTY_VALUE: Screen id "SUCCESS" is reserved at "${at}.id"`);
      else if (ids.has(s.id)) errors.push(`DUPLICATE_SCREEN_ID: Screen id "${s.id}" is used more than once at "${at}.id"`);
      else ids.add(s.id);
      if (!isObject(s.layout)) errors.push(`MISSING_REQUIRED_PROPERTY: The property "layout" is required at "${at}"`);
    });
    if (!json.screens.some((s) => isObject(s) && s.terminal === true)) errors.push('MISSING_TERMINAL_SCREEN: At least one screen must have "terminal": true');
  }
  return { errors, version, dataApiVersion: typeof json.data_api_version === 'string' ? json.data_api_version : undefined };
}

/** WhatsApp Flows of the linked WABA (Meta's Flow lifecycle: DRAFT → PUBLISHED → DEPRECATED; only drafts are deletable). */
export class FlowStore {
  private readonly items: SandboxFlow[] = [];

  constructor(
    private readonly account: SandboxAccount,
    private readonly ids: IdFactory,
    private readonly now: () => Date,
    private readonly endpoint: () => string,
    private readonly webhooks?: EumWebhooks,
  ) {}

  /** Meta's `flows` webhook (FLOW_STATUS_CHANGE) on every status change. */
  private setStatus(f: SandboxFlow, status: FlowStatus): void {
    const old = f.status;
    f.status = status;
    f.updatedAt = this.now();
    this.webhooks?.schedule(0, () =>
      this.webhooks!.wabaEntry('flows', {
        event: 'FLOW_STATUS_CHANGE',
        message: `Flow ${f.name} changed status from ${old} to ${status}`,
        flow_id: f.flowId,
        old_status: old,
        new_status: status,
      }),
    );
  }

  all(): SandboxFlow[] {
    return this.items.map((f) => ({ ...f, categories: [...f.categories], validationErrors: [...f.validationErrors] }));
  }

  private get(flowId: string): SandboxFlow {
    const f = this.items.find((x) => x.flowId === flowId);
    if (!f) throw notFound(`Flow ${flowId} not found`);
    return f;
  }

  private categories(v: unknown, required: boolean): string[] | undefined {
    if (v === undefined && !required) return undefined;
    if (!Array.isArray(v) || v.length === 0) throw validation('categories: at least one category is required');
    const bad = v.filter((c) => !CATEGORIES.includes(String(c)));
    if (bad.length) throw validation(`categories: ${bad.join(', ')} not one of ${CATEGORIES.join(', ')}`);
    return v.map(String);
  }

  private setJson(f: SandboxFlow, text: string): void {
    const r = validateFlowJson(text);
    f.json = text;
    f.validationErrors = r.errors;
    f.jsonVersion = r.version;
    f.dataApiVersion = r.dataApiVersion;
  }

  create(b: Record<string, unknown>): { flowId: string; validationErrors: string[] } {
    const name = b.flowName;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) throw validation('flowName: required, at most 200 characters');
    const categories = this.categories(b.categories, true)!;
    if (this.items.some((f) => f.name === name)) throw validation(`(#139001) A Flow named "${name}" already exists`);
    const at = this.now();
    const f: SandboxFlow = {
      flowId: this.ids.digits('meta-flow', 16),
      name,
      categories,
      status: 'DRAFT',
      validationErrors: [],
      previewToken: this.ids.hex('flow-preview', 24),
      createdAt: at,
      updatedAt: at,
    };
    if (typeof b.cloneFlowId === 'string' && b.cloneFlowId) {
      const source = this.get(b.cloneFlowId);
      if (source.json !== undefined) this.setJson(f, source.json);
    }
    if (typeof b.flowJson === 'string' && b.flowJson) this.setJson(f, Buffer.from(b.flowJson, 'base64').toString('utf8'));
    this.items.push(f);
    if (b.publish === true && f.json !== undefined && f.validationErrors.length === 0) this.setStatus(f, 'PUBLISHED');
    return { flowId: f.flowId, validationErrors: [...f.validationErrors] };
  }

  update(b: Record<string, unknown>): void {
    const f = this.get(String(b.flowId ?? ''));
    if (f.status === 'DEPRECATED') throw validation(`(#139001) Flow ${f.flowId} is deprecated and cannot be updated`);
    if (b.flowName !== undefined) {
      if (typeof b.flowName !== 'string' || b.flowName.trim() === '') throw validation('flowName: must be a non-empty string');
      if (this.items.some((x) => x !== f && x.name === b.flowName)) throw validation(`(#139001) A Flow named "${b.flowName}" already exists`);
      f.name = b.flowName;
    }
    f.categories = this.categories(b.categories, false) ?? f.categories;
    f.updatedAt = this.now();
  }

  updateAssets(flowId: string, flowJson: unknown): { validationErrors: string[] } {
    const f = this.get(flowId);
    if (f.status !== 'DRAFT') throw validation(`(#139001) Flow ${flowId} is ${f.status}: only DRAFT flows accept new Flow JSON`);
    if (typeof flowJson !== 'string' || flowJson === '') throw validation('flowJson: required');
    this.setJson(f, Buffer.from(flowJson, 'base64').toString('utf8'));
    f.updatedAt = this.now();
    return { validationErrors: [...f.validationErrors] };
  }

  publish(flowId: string): void {
    const f = this.get(flowId);
    if (f.status !== 'DRAFT') throw validation(`(#139002) Flow ${flowId} is ${f.status}: only DRAFT flows can be published`);
    if (f.json === undefined) throw validation(`(#139002) Flow ${flowId} has no Flow JSON`);
    if (f.validationErrors.length) throw validation(`(#139002) Flow ${flowId} has validation errors: ${f.validationErrors.join('; ')}`);
    this.setStatus(f, 'PUBLISHED');
  }

  deprecate(flowId: string): void {
    const f = this.get(flowId);
    if (f.status !== 'PUBLISHED') throw validation(`(#139003) Flow ${flowId} is ${f.status}: only PUBLISHED flows can be deprecated`);
    this.setStatus(f, 'DEPRECATED');
  }

  delete(flowId: string): void {
    const f = this.get(flowId);
    if (f.status !== 'DRAFT') throw validation(`(#139004) Flow ${flowId} is ${f.status}: only DRAFT flows can be deleted (deprecate a published one)`);
    this.items.splice(this.items.indexOf(f), 1);
  }

  preview(flowId: string, invalidate = false): { previewUrl: string; expiresAt: string } {
    const f = this.get(flowId);
    if (invalidate) f.previewToken = this.ids.hex('flow-preview', 24);
    const expires = new Date(f.updatedAt.getTime() + 30 * 24 * 3600 * 1000);
    return { previewUrl: `https://business.facebook.com/wa/manage/flows/${f.flowId}/preview/?token=${f.previewToken}`, expiresAt: expires.toISOString() };
  }

  summary(f: SandboxFlow) {
    return { flowId: f.flowId, flowName: f.name, flowStatus: f.status, flowCategories: f.categories, validationErrors: f.validationErrors };
  }

  details(flowId: string) {
    const f = this.get(flowId);
    const canSend = f.status === 'DEPRECATED' ? 'BLOCKED' : 'AVAILABLE';
    return {
      flowId: f.flowId,
      flowName: f.name,
      flowStatus: f.status,
      categories: f.categories,
      validationErrors: f.validationErrors,
      ...(f.jsonVersion ? { jsonVersion: f.jsonVersion } : {}),
      ...(f.dataApiVersion ? { dataApiVersion: f.dataApiVersion } : {}),
      preview: this.preview(flowId),
      whatsAppBusinessAccount: {
        id: this.account.metaWabaId,
        name: this.account.wabaName,
        currency: 'INR',
        timezoneId: '71',
        messageTemplateNamespace: this.account.wabaId.slice(5, 41),
      },
      application: { name: 'AWS End User Messaging Social', id: '1180000000000001', link: 'https://aws.amazon.com/end-user-messaging/' },
      healthStatus: {
        canSendMessage: canSend,
        entities: [
          { entityType: 'FLOW', id: f.flowId, canSendMessage: canSend },
          { entityType: 'WABA', id: this.account.metaWabaId, canSendMessage: 'AVAILABLE' },
          { entityType: 'PHONE_NUMBER', id: this.account.phone.metaPhoneNumberId, canSendMessage: 'AVAILABLE' },
        ],
      },
    };
  }

  assets(flowId: string) {
    const f = this.get(flowId);
    return f.json === undefined ? [] : [{ name: 'flow.json', assetType: 'FLOW_JSON', downloadUrl: `${this.endpoint()}/_sandbox/flows/${f.flowId}/flow.json` }];
  }

  json(flowId: string): string | undefined {
    return this.items.find((f) => f.flowId === flowId)?.json;
  }
}
