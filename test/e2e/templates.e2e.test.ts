import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../../local/demo/harness.js';
import { startRuntime, type BusEventRecord, type Runtime } from '../../local/runtime.js';

/**
 * Template lifecycle end to end on the local runtime with the EUM sandbox's simulated review:
 * create → TemplateApproval (task token, polling fallback, 48 h timeout) → exactly one outcome
 * event per template version, and the catalogue in the right state, whatever the webhooks do.
 * At time ×0.00005 the 48-hour wait lasts about 9 seconds.
 */
const OUTCOMES = ['template.approved', 'template.rejected', 'template.approval_timed_out'];

let rt: Runtime;
let seq = 0;
const uniqueName = (base: string) => `${base}_${Date.now().toString(36)}_${++seq}`;
const body = (text = 'Hello {{1}}, your order {{2}} is ready for pickup.') => [{ type: 'BODY', text, example: { body_text: [['Asha', 'A-1042']] } }];

const outcomesOf = (metaTemplateId: string) => rt.events().filter((e: BusEventRecord) => OUTCOMES.includes(e.detailType) && e.detail.metaTemplateId === metaTemplateId);
const waitOutcome = (metaTemplateId: string, version = 1) =>
  rt.waitForEvent((e) => OUTCOMES.includes(e.detailType) && e.detail.metaTemplateId === metaTemplateId && e.detail.version === version, 60_000);

async function create(name: string, over: Record<string, unknown> = {}) {
  const res = await rt.action({ action: 'create_template', name, language: 'en_US', category: 'UTILITY', components: body(), wait_for_approval: true, ...over });
  expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
  return res.body as { template: { metaTemplateId: string; status: string; version: number }; approval: { execution: string } };
}

async function getTemplate(metaTemplateId: string) {
  const res = await rt.action({ action: 'get_template', meta_template_id: metaTemplateId });
  expect(res.statusCode).toBe(200);
  return res.body as { template: { status: string; reason?: string; version: number; guidance?: string; origin: string }; history: { status: string; source: string }[] };
}

/** Lets every execution still running settle (duplicates would show up as a second outcome). */
const settle = async () => {
  await rt.idle();
  await new Promise((r) => setTimeout(r, 200));
};

type ReviewPlan = Parameters<Runtime['sandboxes']['eum']['setReviewPlan']>[0];

/** Creates a template whose review follows `plan`, and waits for its outcome and for the runtime to settle. */
async function createReviewed(name: string, plan: ReviewPlan) {
  rt.sandboxes.eum.setReviewPlan(plan, name);
  const { template } = await create(name);
  const outcome = await waitOutcome(template.metaTemplateId);
  await settle();
  return { template, outcome };
}

beforeAll(async () => {
  rt = await startRuntime({ memory: true, port: 0, timeScale: 0.00005, quiet: true });
});
afterAll(async () => rt?.stop());

describe('TemplateApproval on the local runtime', () => {
  it('approved after a review delay: one template.approved, catalogue APPROVED with its history', async () => {
    // Prepare
    const name = uniqueName('order_ready');
    // Act
    const { template, outcome } = await createReviewed(name, { outcome: 'APPROVED', delayMs: 40 * 60_000 });
    // Assess
    expect(outcome.detailType).toBe('template.approved');
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
    const stored = await getTemplate(template.metaTemplateId);
    expect(stored.template.status).toBe('APPROVED');
    expect(stored.history.map((h) => h.status)).toEqual(expect.arrayContaining(['PENDING', 'APPROVED']));
  });

  it("rejected with Meta's reason: one template.rejected carrying the reason and what to do", async () => {
    const name = uniqueName('summer_sale');
    const { template, outcome } = await createReviewed(name, { outcome: 'REJECTED', reason: 'PROMOTIONAL', delayMs: 2 * 60_000 });
    expect(outcome.detailType).toBe('template.rejected');
    expect(outcome.detail).toMatchObject({ reason: 'PROMOTIONAL', guidance: expect.stringMatching(/MARKETING/) });
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
    const listed = await rt.action({ action: 'list_templates', status: 'REJECTED', name_prefix: name });
    expect((listed.body as { templates: { name: string; reason: string }[] }).templates).toEqual([expect.objectContaining({ name, reason: 'PROMOTIONAL' })]);
  });

  it('the status webhook arrives before the wait starts: the wait ends at once, one outcome', async () => {
    const name = uniqueName('instant_ok');
    const { template, outcome } = await createReviewed(name, { outcome: 'APPROVED', delayMs: 0 });
    expect(outcome.detailType).toBe('template.approved');
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
  });

  it('a duplicated and a late status webhook change nothing: still one outcome, status APPROVED', async () => {
    const name = uniqueName('dup_hooks');
    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 60_000 }, name);
    const { template } = await create(name);
    await waitOutcome(template.metaTemplateId);
    // Act: Meta redelivers the approval twice, and a stale PENDING-era rejection arrives late
    const phone = rt.sandboxes.eum.phoneNumber as { metaWabaId: string };
    const entry = (event: string, time: number, reason = 'NONE') => ({
      id: phone.metaWabaId,
      time,
      changes: [
        {
          field: 'message_template_status_update',
          value: { event, message_template_id: Number(template.metaTemplateId), message_template_name: name, message_template_language: 'en_US', reason },
        },
      ],
    });
    const now = Math.floor(Date.now() / 1000);
    await rt.sandboxes.eum.deliverEntry(entry('APPROVED', now));
    await rt.sandboxes.eum.deliverEntry(entry('APPROVED', now));
    await rt.sandboxes.eum.deliverEntry(entry('REJECTED', now - 3600, 'INVALID_FORMAT'));
    await settle();
    // Assess
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
    expect((await getTemplate(template.metaTemplateId)).template.status).toBe('APPROVED');
  });

  it('no webhook ever (lost): the polling fallback finds the decision', async () => {
    const name = uniqueName('lost_hook');
    const { template, outcome } = await createReviewed(name, { outcome: 'NO_WEBHOOK', status: 'APPROVED', delayMs: 0 });
    expect(outcome.detailType).toBe('template.approved');
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
    const stored = await getTemplate(template.metaTemplateId);
    expect(stored.history.find((h) => h.status === 'APPROVED')?.source).toBe('poll');
  });

  it('no answer at all: template.approval_timed_out after the 48-hour wait, catalogue still PENDING', async () => {
    const name = uniqueName('never_reviewed');
    const { template, outcome } = await createReviewed(name, { outcome: 'SILENT' });
    expect(outcome.detailType).toBe('template.approval_timed_out');
    expect(outcome.detail.guidance).toMatch(/48 hours/);
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
    expect((await getTemplate(template.metaTemplateId)).template.status).toBe('PENDING');
  }, 90_000);

  it('an edit goes back to review as version 2 and gets its own single outcome', async () => {
    const name = uniqueName('edited');
    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, name);
    const { template } = await create(name);
    await waitOutcome(template.metaTemplateId, 1);
    // A day, about 4 s at this time scale: a loaded machine still answers the action before the review ends.
    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 24 * 3600_000 }, name);
    // Act
    const res = await rt.action({
      action: 'update_template',
      meta_template_id: template.metaTemplateId,
      components: body('Hi {{1}}, order {{2}} is packed and ready.'),
      wait_for_approval: true,
    });
    expect(res.statusCode, JSON.stringify(res.body)).toBe(200);
    expect((res.body as { template: { version: number; status: string } }).template, JSON.stringify(res.body)).toMatchObject({ version: 2, status: 'PENDING' });
    const second = await waitOutcome(template.metaTemplateId, 2);
    await settle();
    // Assess
    expect(second.detailType).toBe('template.approved');
    expect(outcomesOf(template.metaTemplateId).map((e) => e.detail.version)).toEqual([1, 2]);
  });

  it('asking twice for the same wait starts one execution', async () => {
    const name = uniqueName('asked_twice');
    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, name);
    const { template, approval } = await create(name);
    const again = await rt.action({ action: 'register_external_template', name, language: 'en_US' });
    expect(again.statusCode).toBe(200);
    await waitOutcome(template.metaTemplateId);
    await settle();
    const executions = (await rt.executions()).filter((e) => e.name === approval.execution);
    expect(executions).toHaveLength(1);
    expect(outcomesOf(template.metaTemplateId)).toHaveLength(1);
  });
});

describe('sending a catalogue template', () => {
  it('is refused while in review and checked against the approved definition once approved', async () => {
    // Prepare: a template still in review
    const name = uniqueName('ship_notice');
    rt.sandboxes.eum.setReviewPlan({ outcome: 'SILENT' }, name);
    await create(name, { wait_for_approval: false });
    const send = (parameters: string[]) =>
      rt.action({ action: 'send_template', from: rt.sandboxes.eum.phoneNumber.id, to: rt.sandboxes.customer.waId, name, language: 'en_US', parameters });
    // Act + Assess: in review → 409
    const pending = await send(['Asha', 'A-1']);
    expect(pending.statusCode).toBe(409);
    expect((pending.body as { error: { code: string } }).error.code).toBe('TemplateNotApproved');
    // Meta approves (the sandbox reports it); a send with the wrong parameter count is refused before EUM
    rt.sandboxes.eum.setTemplateStatus(name, 'APPROVED');
    await rt.waitForEvent((e) => e.detailType === 'template.status_changed' && e.detail.templateName === name && e.detail.status === 'APPROVED', 30_000);
    await settle();
    expect((await send(['only one'])).statusCode).toBe(400);
    const ok = await send(['Asha', 'A-1']);
    expect(ok.statusCode, JSON.stringify(ok.body)).toBe(200);
    expect((ok.body as { templateChecked: string }).templateChecked).toBe('against the stored template');
  });
});

describe('validation before Meta', () => {
  it('names each field and rule, and nothing reaches the sandbox', async () => {
    const before = rt.sandboxes.eum.templates().length;
    const res = await rt.action({
      action: 'create_template',
      name: 'Bad Name',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{2}} and {{1}} there' }],
    });
    expect(res.statusCode).toBe(400);
    const issues = (res.body as { error: { details: { issues: { field: string; rule: string }[] } } }).error.details.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'name', rule: 'lowercase letters, digits and underscores only' },
        expect.objectContaining({ field: 'components[0].text', rule: expect.stringMatching(/in order/) }),
        expect.objectContaining({ field: 'components[0].example' }),
      ]),
    );
    expect(rt.sandboxes.eum.templates()).toHaveLength(before);
  });
});

describe('templates built in Meta Business Manager', () => {
  it('register_external_template answers with the runbook and its wait ends when sync sees the template approved', async () => {
    // Prepare: the business registers a template it is about to build in Business Manager
    const name = uniqueName('carousel_promo');
    const reg = await rt.action({ action: 'register_external_template', name, language: 'en_US' });
    expect(reg.statusCode, JSON.stringify(reg.body)).toBe(200);
    expect((reg.body as { runbook: string[] }).runbook.join(' ')).toMatch(/WhatsApp Manager/);
    // Act: it appears at Meta, approved; the scheduled sync runs
    const external = rt.sandboxes.eum.createExternalTemplate({ name, language: 'en_US', category: 'MARKETING', components: body() }, 'APPROVED');
    await rt.runSchedule('sync-templates');
    const outcome = await rt.waitForEvent((e) => e.detailType === 'template.approved' && e.detail.templateName === name, 60_000);
    await settle();
    // Assess
    expect(outcome.detail.metaTemplateId).toBe(external.metaTemplateId);
    const listed = await rt.action({ action: 'list_templates', name_prefix: name });
    expect((listed.body as { templates: unknown[] }).templates).toEqual([
      expect.objectContaining({ name, origin: 'external', status: 'APPROVED', metaTemplateId: external.metaTemplateId }),
    ]);
    expect(rt.events().filter((e) => e.detailType === 'template.approved' && e.detail.templateName === name)).toHaveLength(1);
  });

  it('sync heals a missed status change and publishes it', async () => {
    const name = uniqueName('paused_later');
    rt.sandboxes.eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, name);
    const { template } = await create(name);
    await waitOutcome(template.metaTemplateId);
    // Act: Meta pauses it and the webhook is lost
    rt.sandboxes.eum.setTemplateStatus(name, 'PAUSED', { webhook: false });
    await rt.runSchedule('sync-templates');
    await settle();
    // Assess
    expect((await getTemplate(template.metaTemplateId)).template.status).toBe('PAUSED');
    expect(rt.events().some((e) => e.detailType === 'template.status_changed' && e.detail.templateId === template.metaTemplateId && e.detail.source === 'sync')).toBe(true);
    expect(rt.events().filter((e) => e.detailType === 'template.lifecycle_alert' && e.detail.metaTemplateId === template.metaTemplateId)).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ status: 'PAUSED', previousStatus: 'APPROVED' }) }),
    ]);
  });
});

describe('demo', () => {
  it('runs the templates demo scenario: approved, rejected with reason, external found by sync', async () => {
    const [result] = await runScenarios(rt, { only: ['templates'], quiet: true });
    expect(result, JSON.stringify(result)).toMatchObject({ name: 'templates', ok: true });
  });
});
