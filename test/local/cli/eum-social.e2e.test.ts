import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerEntries } from '../../../local/demo/scenarios/messaging.js';
import { startRuntime, type Runtime } from '../../../local/runtime.js';

const BIN = fileURLToPath(new URL('../../../local/cli/eum-social.js', import.meta.url));

/** Runs the installed bin (node + tsx launcher) as a user would. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('eum-social against the local runtime (spawned through tsx)', () => {
  let rt: Runtime;
  let env: Record<string, string>;
  beforeAll(async () => {
    rt = await startRuntime({ memory: true, port: 0, quiet: true, timeScale: 0.001, schedules: false });
    env = { EUM_SOCIAL_ENDPOINT: rt.url };
  });
  afterAll(async () => rt?.stop());

  it('capabilities prints the table; --json gives every action with status', async () => {
    const table = await cli(['capabilities'], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/ACTION\s+STATUS\s+SUMMARY/);
    expect(table.stdout).toMatch(/manage_catalog\s+stub/);
    expect(table.stdout).toMatch(/get_business_profile\s+partial/);
    const json = await cli(['capabilities', '--json'], env);
    const caps = JSON.parse(json.stdout).capabilities as { action: string; status: string }[];
    expect(caps.find((c) => c.action === 'create_flow')?.status).toBe('supported');
  });

  it('a stub through the action JSON form answers with its runbook', async () => {
    const res = await cli(['action', '{"action":"update_business_profile"}', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 'stub', supported: false });
  });

  it("an invalid field exits 2 naming the field and Meta's limit", async () => {
    const res = await cli(
      [
        'send_interactive',
        '--from',
        'phone-number-id-x',
        '--to',
        '919812345678',
        '--type',
        'button',
        '--body',
        'Pick',
        '--buttons',
        JSON.stringify([{ id: 'a', title: 'x'.repeat(21) }]),
      ],
      env,
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/buttons\[0\]\.title\s+button title must be at most 20 characters \(Meta limit\)/);
  });

  it('send_product_message goes out after the customer wrote (needs the EUM sandbox)', async (ctx) => {
    let eum: Parameters<typeof customerEntries>[0] extends infer P ? { phoneNumber: P & { id: string }; deliverEntry(e: object): Promise<void> } | undefined : never;
    try {
      eum = rt.sandboxes.eum.phoneNumber ? rt.sandboxes.eum : undefined;
    } catch {
      eum = undefined;
    }
    if (!eum) return ctx.skip('the EUM sandbox is not in the tree yet');
    const customer = { waId: '919800000008' };
    await eum.deliverEntry(customerEntries(eum.phoneNumber, customer.waId).text('Hello!'));
    await rt.idle();
    const res = await cli(['send_product_message', '--from', eum.phoneNumber.id, '--to', customer.waId, '--catalog-id', 'cat-1', '--product-retailer-id', 'sku-1', '--json'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 'sent', to: customer.waId });
  });

  it('create_flow from flags (JSON flow, repeated categories, boolean publish) prints a readable answer', async (ctx) => {
    try {
      if (!rt.sandboxes.eum.phoneNumber) return ctx.skip('no EUM sandbox');
    } catch {
      return ctx.skip('the EUM sandbox is not in the tree yet');
    }
    const flowJson = { version: '7.1', screens: [{ id: 'HELLO', terminal: true, layout: { type: 'SingleColumnLayout', children: [] } }] };
    const res = await cli(
      ['create_flow', '--name', `cli_${Date.now()}`, '--categories', 'CONTACT_US', '--categories', 'OTHER', '--flow-json', JSON.stringify(flowJson), '--publish'],
      env,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/flowStatus\s+PUBLISHED/);
    expect(res.stdout).toMatch(/runbook\s+1\. /);
  });

  it("list_phone_numbers prints the sandbox's number as a table, --json as the answer", async () => {
    const phone = rt.sandboxes.eum.phoneNumber;
    const readable = await cli(['list_phone_numbers'], env);
    expect(readable.code, readable.stderr).toBe(0);
    expect(readable.stdout).toMatch(/DISPLAYPHONENUMBER\s+DISPLAYPHONENUMBERNAME\s+QUALITYRATING\s+STOREDRATING/);
    expect(readable.stdout).toContain(phone.displayPhoneNumber);
    const json = await cli(['list_phone_numbers', '--waba-id', phone.wabaId, '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).phoneNumbers).toEqual([
      expect.objectContaining({ eumPhoneNumberId: phone.id, phoneNumberId: phone.metaPhoneNumberId, wabaId: phone.wabaId, metaWabaId: phone.metaWabaId }),
    ]);
  });
});
