import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startRuntime, type Runtime } from '../local/runtime.js';
import { countDynamoRequestsOf, dynamoCount } from './dynamo-count.js';
import { log, pool, progress, ratioResult, round, type BenchOptions, type Result } from './lib.js';
import { withPassOnlyRuntime } from './pass-only.js';

/**
 * Workflow throughput (executions/s against a Pass-only machine on the same engine) and cost per
 * workflow on AWS from what one execution of each scenario actually did on the local runtime.
 */
const ROOT = resolve(import.meta.dirname, '..');
const prices = JSON.parse(readFileSync(join(import.meta.dirname, 'prices.json'), 'utf8')) as Record<string, any>;

// ---------- ASL: which state names are Lambda tasks ----------
function lambdaStates(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const dir = join(ROOT, 'state-machines');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.asl.json'))) {
    const names = new Set<string>();
    const walk = (m: any) => {
      for (const [name, s] of Object.entries<any>(m?.States ?? {})) {
        if (s.Type === 'Task' && String(s.Resource ?? '').includes(':lambda:')) names.add(name);
        if (s.Iterator) walk(s.Iterator);
        if (s.ItemProcessor) walk(s.ItemProcessor);
        for (const b of s.Branches ?? []) walk(b);
      }
    };
    walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    out.set(f.replace('.asl.json', ''), names);
  }
  return out;
}

interface Usage {
  transitions: number;
  executionLambdas: number;
  lambdaInvocations: number;
  dynamoWrites: number;
  dynamoReads: number;
  busEvents: number;
  executions: number;
}

/** Runs one scenario alone on an idle runtime and counts what it used. */
async function measureScenario(rt: Runtime, run: () => Promise<void>, actionsCalled: number): Promise<Usage> {
  await rt.idle(60_000);
  const lambdasByMachine = lambdaStates();
  const before = { events: rt.events().length, execs: new Set((await rt.executions()).map((e) => e.executionArn)), w: dynamoCount.writeUnits, r: dynamoCount.readOps };
  await run();
  await rt.idle(60_000);
  const newEvents = rt.events().slice(before.events);
  const execs = (await rt.executions()).filter((e) => !before.execs.has(e.executionArn));
  let transitions = 0;
  let executionLambdas = 0;
  for (const e of execs) {
    const rec = rt.execution(e.executionArn);
    const lambdaNames = [...lambdasByMachine.entries()].find(([m]) => e.stateMachine.includes(m))?.[1] ?? new Set<string>();
    for (const h of rec?.history ?? []) {
      if (h.type !== 'StateEntered') continue;
      transitions++;
      if (h.state && lambdaNames.has(h.state)) executionLambdas++;
    }
  }
  let targetLambdas = 0;
  let ingestLambdas = 0;
  for (const ev of newEvents) {
    const steps = rt.trace(String(ev.detail?.eventId ?? ev.id))?.steps ?? [];
    targetLambdas += steps.filter((s) => s.kind === 'target-invoked' && String(s.actor ?? '').startsWith('lambda:')).length;
    if (steps.some((s) => s.kind === 'ingress')) ingestLambdas++;
  }
  return {
    transitions,
    executionLambdas,
    lambdaInvocations: executionLambdas + targetLambdas + ingestLambdas + actionsCalled,
    dynamoWrites: dynamoCount.writeUnits - before.w,
    dynamoReads: dynamoCount.readOps - before.r,
    busEvents: newEvents.length,
    executions: execs.length,
  };
}

const p = (k: string) => Number(prices[k].usd);
function usdPerMillion(u: Omit<Usage, 'executions' | 'executionLambdas'>): number {
  const gbSeconds = (prices.assumptions.lambdaMemoryMb / 1024) * (prices.assumptions.lambdaAverageDurationMs / 1000);
  const one =
    u.transitions * p('stepFunctionsStandardPerTransition') +
    u.lambdaInvocations * (p('lambdaPerRequest') + gbSeconds * p('lambdaPerGbSecondArm64')) +
    u.dynamoWrites * p('dynamoDbPerWriteRequestUnit') +
    u.dynamoReads * p('dynamoDbPerReadRequestUnit') +
    u.busEvents * p('eventBridgeCustomEvent');
  return one * 1e6;
}

/** The design a user would otherwise write: Wait 60 s + poll Lambda, until the outcome. */
function naiveOrchestration(minutes: number): { transitions: number; lambdas: number } {
  const polls = Math.ceil((minutes * 60) / prices.assumptions.naivePollIntervalSeconds);
  return { transitions: polls * prices.assumptions.naiveTransitionsPerPoll, lambdas: polls };
}

function costResults(key: string, u: Usage, naiveMinutes: number, transitionLimit?: number): Result[] {
  const gbSeconds = (prices.assumptions.lambdaMemoryMb / 1024) * (prices.assumptions.lambdaAverageDurationMs / 1000);
  const lambdaUsd = p('lambdaPerRequest') + gbSeconds * p('lambdaPerGbSecondArm64');
  const naive = naiveOrchestration(naiveMinutes);
  // Orchestration only, both sides: transitions + Lambda tasks inside the execution.
  const ours = u.transitions * p('stepFunctionsStandardPerTransition') + u.executionLambdas * lambdaUsd;
  const theirs = naive.transitions * p('stepFunctionsStandardPerTransition') + naive.lambdas * lambdaUsd;
  const out: Result[] = [
    {
      name: `cost.${key}.transitions`,
      value: u.transitions,
      unit: 'transitions/execution',
      ...(transitionLimit ? { target: `≤ ${transitionLimit}`, met: u.transitions <= transitionLimit } : {}),
    },
    { name: `cost.${key}.lambda_invocations`, value: u.lambdaInvocations, unit: `invocations/workflow (${u.executionLambdas} in the execution)` },
    { name: `cost.${key}.dynamodb_writes`, value: u.dynamoWrites, unit: 'WRU/workflow' },
    { name: `cost.${key}.dynamodb_reads`, value: u.dynamoReads, unit: 'read requests/workflow' },
    { name: `cost.${key}.eventbridge_events`, value: u.busEvents, unit: 'events/workflow' },
    { name: `cost.${key}.usd_per_million`, value: round(usdPerMillion(u), 2), unit: 'USD per 1M workflows' },
    ratioResult(
      `cost.${key}.polling_over_ours`,
      { name: `polling-${naiveMinutes}min`, value: theirs * 1e6, unit: 'USD/1M orchestration' },
      { name: 'ours', value: ours * 1e6, unit: 'USD/1M orchestration' },
      transitionLimit ? { text: '≥ 50× cheaper', met: (v) => v >= 50 } : undefined,
    ),
  ];
  if (u.executions !== 1) log(`  note: scenario ${key} started ${u.executions} executions`);
  return out;
}

// ---------- scenarios ----------
const runId = Date.now().toString(36);
let seq = 0;

async function createTemplate(rt: Runtime, name: string): Promise<void> {
  const res = await rt.action({
    action: 'create_template',
    name,
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hello {{1}}, order {{2}} is ready.', example: { body_text: [['A', 'B']] } }],
    wait_for_approval: true,
  });
  if (res.statusCode !== 200) throw new Error(`create_template: ${res.statusCode} ${JSON.stringify(res.body)}`);
  const id = String(res.body?.template?.metaTemplateId ?? '');
  await rt.waitForEvent((e) => e.detailType === 'template.approved' && (e.detail.metaTemplateId === id || e.detail.name === name), 60_000);
}

async function createPayment(rt: Runtime, over: Record<string, unknown> = {}): Promise<{ paymentId: string; paymentLinkId: string }> {
  const eum = rt.sandboxes.eum as any;
  const res = await rt.action({
    action: 'create_payment_request',
    wa_id: (rt.sandboxes.customer as any).waId,
    origination_phone_number_id: eum.phoneNumber.id,
    amount: 1000,
    description: 'Bench order',
    reference_id: `BENCH-${runId}-${++seq}`,
    expire_in_minutes: 30,
    ...over,
  });
  if (res.statusCode !== 200) throw new Error(`create_payment_request: ${res.statusCode} ${JSON.stringify(res.body)}`);
  return res.body.payment;
}

async function paidPayment(rt: Runtime): Promise<void> {
  const pay = await createPayment(rt);
  await (rt.sandboxes.razorpay as any).pay(pay.paymentLinkId);
  await rt.waitForEvent((e) => e.detailType === 'payment.completed' && e.detail.paymentId === pay.paymentId, 60_000);
}

async function expiredPaymentWithReminder(rt: Runtime): Promise<void> {
  const pay = await createPayment(rt, { expire_in_minutes: 15, reminders: { enabled: true, before_expiry_minutes: 5 } });
  const deadline = Date.now() + 60_000;
  // The reminder goes out before expiry (scaled time), then the link expires.
  for (;;) {
    const got = await rt.action({ action: 'get_payment', payment_id: pay.paymentId });
    if ((got.body?.history ?? []).some((h: { kind: string }) => h.kind === 'message.reminder')) break;
    if (Date.now() > deadline) throw new Error('no reminder within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  await (rt.sandboxes.razorpay as any).expire(pay.paymentLinkId);
  await rt.waitForEvent((e) => e.detailType === 'payment.expired' && e.detail.paymentId === pay.paymentId, 60_000);
}

async function openWindow(rt: Runtime): Promise<void> {
  await (rt.sandboxes.customer as any).sendText('I would like to pay for my order');
  await rt.idle(60_000);
}

// ---------- throughput ----------
async function throughput(label: string, count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<number> {
  const bar = progress(`${label} x${count} @${concurrency}`, count);
  const started = performance.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      await one(i);
      bar.tick();
    },
  );
  bar.done();
  return count / ((performance.now() - started) / 1000);
}

async function startCounted(timeScale: number): Promise<Runtime> {
  const rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale });
  await countDynamoRequestsOf(rt);
  await openWindow(rt);
  return rt;
}

/**
 * Two runtimes. Scaled time (0.001) where the scenario needs minutes to pass (template review of 6
 * minutes = approved at the second poll; a 15-minute link with a reminder). Real time (1) for the paid
 * payment and the throughput storms, so that "paid at once" is at once: at 0.001 the runtime's own
 * ~300 ms of webhook handling would be a customer paying five minutes later.
 */
export async function benchWorkflows(opts: BenchOptions): Promise<Result[]> {
  const results: Result[] = [];
  let rt = await startCounted(0.001);
  try {
    const eum = rt.sandboxes.eum as any;
    log('  cost scenarios: template approved at the second poll, payment expired with a reminder (timeScale 0.001)');
    const tplName = `bench_tpl_${runId}_cost`;
    // Approval wait polls after 60 s, then 300 s (unscaled): 6 minutes of review = approved at the second poll.
    eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 6 * 60_000 }, tplName);
    const tpl = await measureScenario(rt, () => createTemplate(rt, tplName), 1);
    results.push(...costResults('template_approved', tpl, prices.assumptions.naiveTemplateReviewHours * 60, 12));
    const expired = await measureScenario(rt, () => expiredPaymentWithReminder(rt), 1);
    results.push(...costResults('payment_expired_with_reminder', expired, 15));
  } finally {
    await rt.stop();
  }
  rt = await startCounted(1);
  try {
    const eum = rt.sandboxes.eum as any;
    log('  cost scenario: payment paid at once (timeScale 1)');
    const paid = await measureScenario(rt, () => paidPayment(rt), 1);
    results.push(...costResults('payment_paid', paid, prices.assumptions.naivePaymentLinkExpiryMinutes, 15));
    // Informative: the same paid payment against polling a 24-hour link (polling cost grows with the link's life, ours does not).
    const naiveDay = naiveOrchestration(24 * 60);
    const lambdaUsd = p('lambdaPerRequest') + (prices.assumptions.lambdaMemoryMb / 1024) * (prices.assumptions.lambdaAverageDurationMs / 1000) * p('lambdaPerGbSecondArm64');
    results.push(
      ratioResult(
        'cost.payment_paid.polling_24h_link_over_ours',
        { name: 'polling-1440min', value: (naiveDay.transitions * p('stepFunctionsStandardPerTransition') + naiveDay.lambdas * lambdaUsd) * 1e6, unit: 'USD/1M orchestration' },
        { name: 'ours', value: (paid.transitions * p('stepFunctionsStandardPerTransition') + paid.executionLambdas * lambdaUsd) * 1e6, unit: 'USD/1M orchestration' },
      ),
    );

    // Throughput: the sandboxes answer at once.
    const count = opts.quick ? 8 : 100;
    const concurrency = 8;
    const tplRate = await throughput('TemplateApproval', count, concurrency, async (i) => {
      const name = `bench_tpl_${runId}_${i}`;
      eum.setReviewPlan({ outcome: 'APPROVED', delayMs: 0 }, name);
      await createTemplate(rt, name);
    });
    const payRate = await throughput('PaymentLifecycle', count, concurrency, () => paidPayment(rt));
    const passRate = await withPassOnlyRuntime((start) => throughput('Pass-only', count * 5, concurrency, () => start()));
    results.push(
      ratioResult(
        'workflow.template_approval.throughput_ratio',
        { name: 'TemplateApproval', value: tplRate, unit: 'executions/s' },
        { name: 'pass-only', value: passRate, unit: 'executions/s' },
      ),
      ratioResult(
        'workflow.payment_lifecycle.throughput_ratio',
        { name: 'PaymentLifecycle', value: payRate, unit: 'executions/s' },
        { name: 'pass-only', value: passRate, unit: 'executions/s' },
      ),
    );
  } finally {
    await rt.stop();
  }
  return results;
}
