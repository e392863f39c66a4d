import type { CatalogTemplate, StatusReport } from '../domain/templates/model.js';

/** The template catalogue as the approval workflow needs it (adapter: adapters/dynamodb/template-store.ts). */
export interface TemplateStorePort {
  get(metaTemplateId: string): Promise<CatalogTemplate | undefined>;
  applyStatus(r: StatusReport): Promise<{ applied: boolean; previous?: string; template?: CatalogTemplate }>;
  claimOutcome(metaTemplateId: string, version: number, outcome: string, at: string): Promise<boolean>;
  releaseOutcome(metaTemplateId: string, version: number): Promise<void>;
}

/** Starts a template's approval wait (the template-approval machine), named by the caller: a second start is "already waiting". */
export interface ApprovalStarter {
  start(name: string, input: unknown): Promise<{ started: boolean; executionArn?: string }>;
}

/** A template's status history, as the quality view shows it beside the scores. */
export interface TemplateHistoryReader {
  history(metaTemplateId: string): Promise<{ status: string; reason?: string; at: string; source: string }[]>;
}
