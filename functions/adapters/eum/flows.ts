import {
  CreateWhatsAppFlowCommand,
  DeleteWhatsAppFlowCommand,
  DeprecateWhatsAppFlowCommand,
  GetWhatsAppFlowCommand,
  GetWhatsAppFlowPreviewCommand,
  ListWhatsAppFlowAssetsCommand,
  ListWhatsAppFlowsCommand,
  PublishWhatsAppFlowCommand,
  UpdateWhatsAppFlowAssetsCommand,
  UpdateWhatsAppFlowCommand,
  type GetWhatsAppFlowOutput,
  type MetaFlowCategory,
  type MetaFlowSummary,
} from '@aws-sdk/client-socialmessaging';
import { socialMessagingClient, toProviderError } from './client.js';

/** WhatsApp Flow management through EUM Social (the SDK's *WhatsAppFlow operations). */
export interface FlowManager {
  create(input: { wabaId: string; name: string; categories: string[]; flowJson?: Uint8Array; publish?: boolean; cloneFlowId?: string }): Promise<{ flowId: string; validationErrors: string[] }>;
  update(input: { wabaId: string; flowId: string; name?: string; categories?: string[] }): Promise<void>;
  updateAssets(input: { wabaId: string; flowId: string; flowJson: Uint8Array }): Promise<{ validationErrors: string[] }>;
  publish(wabaId: string, flowId: string): Promise<void>;
  get(wabaId: string, flowId: string): Promise<FlowDetails>;
  preview(wabaId: string, flowId: string, invalidate?: boolean): Promise<{ previewUrl?: string; expiresAt?: string }>;
  list(wabaId: string, opts?: { nextToken?: string; maxResults?: number }): Promise<{ flows: FlowSummary[]; nextToken?: string }>;
  listAssets(wabaId: string, flowId: string): Promise<{ name?: string; assetType?: string; downloadUrl?: string }[]>;
  deprecate(wabaId: string, flowId: string): Promise<void>;
  delete(wabaId: string, flowId: string): Promise<void>;
}

export type FlowDetails = Omit<GetWhatsAppFlowOutput, '$metadata'>;
export interface FlowSummary {
  flowId?: string;
  flowName?: string;
  flowStatus?: string;
  categories: string[];
  validationErrors: string[];
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}

const summary = (f: MetaFlowSummary): FlowSummary => ({
  flowId: f.flowId,
  flowName: f.flowName,
  flowStatus: f.flowStatus,
  categories: f.flowCategories ?? [],
  validationErrors: f.validationErrors ?? [],
});

export class EumFlowManager implements FlowManager {
  async create(i: Parameters<FlowManager['create']>[0]) {
    const out = await call(() =>
      socialMessagingClient().send(
        new CreateWhatsAppFlowCommand({
          id: i.wabaId,
          flowName: i.name,
          categories: i.categories as MetaFlowCategory[],
          flowJson: i.flowJson,
          publish: i.publish,
          cloneFlowId: i.cloneFlowId,
        }),
      ),
    );
    return { flowId: out.flowId ?? '', validationErrors: out.validationErrors ?? [] };
  }

  async update(i: Parameters<FlowManager['update']>[0]) {
    await call(() =>
      socialMessagingClient().send(
        new UpdateWhatsAppFlowCommand({ id: i.wabaId, flowId: i.flowId, flowName: i.name, categories: i.categories as MetaFlowCategory[] | undefined }),
      ),
    );
  }

  async updateAssets(i: Parameters<FlowManager['updateAssets']>[0]) {
    const out = await call(() =>
      socialMessagingClient().send(new UpdateWhatsAppFlowAssetsCommand({ id: i.wabaId, flowId: i.flowId, flowJson: i.flowJson })),
    );
    return { validationErrors: out.validationErrors ?? [] };
  }

  async publish(wabaId: string, flowId: string) {
    await call(() => socialMessagingClient().send(new PublishWhatsAppFlowCommand({ id: wabaId, flowId })));
  }

  async get(wabaId: string, flowId: string): Promise<FlowDetails> {
    const { $metadata: _, ...out } = await call(() => socialMessagingClient().send(new GetWhatsAppFlowCommand({ id: wabaId, flowId })));
    return out;
  }

  async preview(wabaId: string, flowId: string, invalidate?: boolean) {
    const out = await call(() => socialMessagingClient().send(new GetWhatsAppFlowPreviewCommand({ id: wabaId, flowId, invalidate })));
    return { previewUrl: out.preview?.previewUrl, expiresAt: out.preview?.expiresAt };
  }

  async list(wabaId: string, opts: { nextToken?: string; maxResults?: number } = {}) {
    const out = await call(() => socialMessagingClient().send(new ListWhatsAppFlowsCommand({ id: wabaId, ...opts })));
    return { flows: (out.flows ?? []).map(summary), nextToken: out.nextToken };
  }

  async listAssets(wabaId: string, flowId: string) {
    const out = await call(() => socialMessagingClient().send(new ListWhatsAppFlowAssetsCommand({ id: wabaId, flowId })));
    return (out.flowAssets ?? []).map((a) => ({ name: a.name, assetType: a.assetType, downloadUrl: a.downloadUrl }));
  }

  async deprecate(wabaId: string, flowId: string) {
    await call(() => socialMessagingClient().send(new DeprecateWhatsAppFlowCommand({ id: wabaId, flowId })));
  }

  async delete(wabaId: string, flowId: string) {
    await call(() => socialMessagingClient().send(new DeleteWhatsAppFlowCommand({ id: wabaId, flowId })));
  }
}
