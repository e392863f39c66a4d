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
  type MetaFlowCategory,
  type MetaFlowSummary,
} from '@aws-sdk/client-socialmessaging';
import { EumAdapter, toProviderError } from './client.js';
import type { FlowManager, FlowDetails, FlowSummary } from '../../ports/eum.js';

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

export class EumFlowManager extends EumAdapter implements FlowManager {
  async create(i: Parameters<FlowManager['create']>[0]) {
    const out = await call(() =>
      this.client.send(
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
      this.client.send(new UpdateWhatsAppFlowCommand({ id: i.wabaId, flowId: i.flowId, flowName: i.name, categories: i.categories as MetaFlowCategory[] | undefined })),
    );
  }

  async updateAssets(i: Parameters<FlowManager['updateAssets']>[0]) {
    const out = await call(() => this.client.send(new UpdateWhatsAppFlowAssetsCommand({ id: i.wabaId, flowId: i.flowId, flowJson: i.flowJson })));
    return { validationErrors: out.validationErrors ?? [] };
  }

  async publish(wabaId: string, flowId: string) {
    await call(() => this.client.send(new PublishWhatsAppFlowCommand({ id: wabaId, flowId })));
  }

  async get(wabaId: string, flowId: string): Promise<FlowDetails> {
    const { $metadata: _, ...out } = await call(() => this.client.send(new GetWhatsAppFlowCommand({ id: wabaId, flowId })));
    return out;
  }

  async preview(wabaId: string, flowId: string, invalidate?: boolean) {
    const out = await call(() => this.client.send(new GetWhatsAppFlowPreviewCommand({ id: wabaId, flowId, invalidate })));
    return { previewUrl: out.preview?.previewUrl, expiresAt: out.preview?.expiresAt };
  }

  async list(wabaId: string, opts: { nextToken?: string; maxResults?: number } = {}) {
    const out = await call(() => this.client.send(new ListWhatsAppFlowsCommand({ id: wabaId, ...opts })));
    return { flows: (out.flows ?? []).map(summary), nextToken: out.nextToken };
  }

  async listAssets(wabaId: string, flowId: string) {
    const out = await call(() => this.client.send(new ListWhatsAppFlowAssetsCommand({ id: wabaId, flowId })));
    return (out.flowAssets ?? []).map((a) => ({ name: a.name, assetType: a.assetType, downloadUrl: a.downloadUrl }));
  }

  async deprecate(wabaId: string, flowId: string) {
    await call(() => this.client.send(new DeprecateWhatsAppFlowCommand({ id: wabaId, flowId })));
  }

  async delete(wabaId: string, flowId: string) {
    await call(() => this.client.send(new DeleteWhatsAppFlowCommand({ id: wabaId, flowId })));
  }
}
