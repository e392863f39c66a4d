import type { CatalogTemplate, StatusReport } from '../domain/templates/model.js';

/** The template catalogue as the approval workflow needs it (adapter: adapters/dynamodb/template-store.ts). */
export interface TemplateStorePort {
  get(metaTemplateId: string): Promise<CatalogTemplate | undefined>;
  applyStatus(r: StatusReport): Promise<{ applied: boolean; previous?: string; template?: CatalogTemplate }>;
  claimOutcome(metaTemplateId: string, version: number, outcome: string, at: string): Promise<boolean>;
  releaseOutcome(metaTemplateId: string, version: number): Promise<void>;
}
