import type { Runtime } from '../../runtime.js';

/**
 * Templates: one utility template is created with an approval wait and Meta approves it after its
 * review; a second one reads as promotional for its UTILITY category and Meta rejects it — the
 * rejection arrives with Meta's reason and what to do. Then a template built in Meta Business
 * Manager shows up in list_templates after the sync.
 */
interface EumSandboxView {
  setReviewPlan(plan: { outcome: string; delayMs?: number; reason?: string }, templateName?: string): void;
  createExternalTemplate(def: Record<string, unknown>, status?: string): { metaTemplateId: string };
}

const OUTCOMES = ['template.approved', 'template.rejected', 'template.approval_timed_out'];

export const scenario = {
  name: 'templates',
  async run(rt: Runtime): Promise<{ ok: boolean; summary: string }> {
    const eum = rt.sandboxes.eum as unknown as EumSandboxView;
    const suffix = Date.now().toString(36);
    const body = (text: string, example: string[]) => [{ type: 'BODY', text, example: { body_text: [example] } }];
    const create = async (name: string, text: string, example: string[]) => {
      const res = await rt.action({ action: 'create_template', name, language: 'en_US', category: 'UTILITY', components: body(text, example), wait_for_approval: true });
      if (res.statusCode !== 200) throw new Error(`create_template ${name}: ${JSON.stringify(res.body)}`);
      return (res.body as { template: { metaTemplateId: string } }).template.metaTemplateId;
    };
    const outcome = (id: string) => rt.waitForEvent((e) => OUTCOMES.includes(e.detailType) && e.detail.metaTemplateId === id, 60_000);

    const okName = `order_ready_${suffix}`;
    const badName = `big_sale_${suffix}`;
    eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 90_000 }, okName);
    eum.setReviewPlan({ outcome: 'REJECTED', reason: 'PROMOTIONAL', delayMs: 30_000 }, badName);
    const [okId, badId] = await Promise.all([
      create(okName, 'Hi {{1}}, your order {{2}} is ready for pickup.', ['Asha', 'A-1042']),
      create(badName, 'Hi {{1}}, 50% off everything today only, shop now!', ['Asha']),
    ]);
    const [approved, rejected] = await Promise.all([outcome(okId), outcome(badId)]);

    const externalName = `festive_carousel_${suffix}`;
    eum.createExternalTemplate(
      { name: externalName, language: 'en_US', category: 'MARKETING', components: body('Hello {{1}}, our festive picks are here.', ['Asha']) },
      'APPROVED',
    );
    await rt.runSchedule('sync-templates');
    const listed = await rt.action({ action: 'list_templates', name_prefix: externalName });
    const external = (listed.body as { templates?: { origin: string; status: string }[] }).templates?.[0];

    const ok =
      approved.detailType === 'template.approved' &&
      rejected.detailType === 'template.rejected' &&
      rejected.detail.reason === 'PROMOTIONAL' &&
      external?.origin === 'external' &&
      external.status === 'APPROVED';
    return {
      ok,
      summary: `${okName}: ${approved.detailType}; ${badName}: ${rejected.detailType} (${rejected.detail.reason}: ${String(rejected.detail.guidance ?? '').slice(0, 60)}…); external ${externalName}: ${external ? `${external.status} via sync` : 'not found'}`,
    };
  },
};
