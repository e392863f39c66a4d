import type { CatalogTemplate } from './model.js';

export interface RemoteTemplate {
  metaTemplateId: string;
  name: string;
  language: string;
  status: string;
  category?: string;
}

export interface SyncPlan {
  /** Templates Meta has and the catalogue does not (built in Business Manager, or missed). */
  discovered: RemoteTemplate[];
  /** Known templates whose status at Meta differs from the catalogue (a missed webhook). */
  drifted: { remote: RemoteTemplate; stored: CatalogTemplate }[];
  /** Catalogue templates of this WABA that Meta no longer lists. */
  vanished: CatalogTemplate[];
}

/** Compares Meta's list for one WABA with the catalogue. */
export function planSync(wabaId: string, remote: RemoteTemplate[], stored: CatalogTemplate[]): SyncPlan {
  const byId = new Map(stored.map((t) => [t.metaTemplateId, t]));
  const remoteIds = new Set(remote.map((r) => r.metaTemplateId));
  const plan: SyncPlan = { discovered: [], drifted: [], vanished: [] };
  for (const r of remote) {
    const s = byId.get(r.metaTemplateId);
    if (!s || s.deletedAt) plan.discovered.push(r);
    else if (s.status !== r.status) plan.drifted.push({ remote: r, stored: s });
  }
  for (const s of stored) {
    // Only templates known to belong to this WABA: a webhook-only entry may be another account's.
    if (!s.deletedAt && s.wabaId === wabaId && !remoteIds.has(s.metaTemplateId)) plan.vanished.push(s);
  }
  return plan;
}
