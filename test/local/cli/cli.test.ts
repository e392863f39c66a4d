import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions } from '../../../functions/actions/registry.js';
import { buildRequest, runCli } from '../../../local/cli/cli.js';

const def = (name: string) => actions.find((a) => a.name === name)!;

function io(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env } };
}

describe('eum-social flags → action body', () => {
  it('maps kebab flags to snake fields and keeps phone numbers as strings', () => {
    const body = buildRequest(
      'send_product_message',
      ['--from', 'phone-number-id-1', '--to', '919812345678', '--catalog-id', '1234', '--product-retailer-id', 'sku-1'],
      def('send_product_message'),
    );
    expect(body).toEqual({ action: 'send_product_message', from: 'phone-number-id-1', to: '919812345678', catalog_id: '1234', product_retailer_id: 'sku-1' });
  });

  it('maps to camelCase fields where the action uses them', () => {
    expect(buildRequest('get_message', ['--message-key', 'out_1'], def('get_message'))).toEqual({ action: 'get_message', messageKey: 'out_1' });
  });

  it('parses JSON for lists/objects, booleans for boolean fields, and --flag=value', () => {
    const body = buildRequest('create_flow', ['--name=booking', '--categories', '["SIGN_UP"]', '--flow-json', '{"version":"7.1","screens":[]}', '--publish'], def('create_flow'));
    expect(body).toEqual({ action: 'create_flow', name: 'booking', categories: ['SIGN_UP'], flow_json: { version: '7.1', screens: [] }, publish: true });
  });

  it('builds a list from a repeated flag', () => {
    const body = buildRequest('create_flow', ['--name', 'n', '--categories', 'SIGN_UP', '--categories', 'SURVEY'], def('create_flow'));
    expect(body.categories).toEqual(['SIGN_UP', 'SURVEY']);
  });

  it('knows the fields of every interactive variant', () => {
    const body = buildRequest('send_interactive', ['--type', 'cta_url', '--display-text', 'See', '--url', 'https://x.example'], def('send_interactive'));
    expect(body).toMatchObject({ type: 'cta_url', display_text: 'See', url: 'https://x.example' });
  });
});

describe('eum-social usage errors exit 2 and name the problem', () => {
  it.each([
    [['send_text', '--from', 'p', '--bogus', 'x'], /unknown flag --bogus for send_text; its fields: --from, --to, --text, --preview-url/],
    [['send_text', '--to'], /--to needs a value/],
    [['create_flow', '--categories', '[oops'], /--categories: expected JSON/],
    [['list_flows', '--max-results', 'ten'], /--max-results: expected a number/],
    [['action', '{"no":"action"}'], /"action" field/],
    [['action', 'not json'], /not valid JSON/],
    [['capabilities', 'extra'], /takes no arguments/],
    [['--endpoint', 'http://a', '--function', 'f', 'capabilities'], /choose one of/],
    [[], /Usage/],
  ])('%j', async (argv, message) => {
    const t = io();
    expect(await runCli(argv as string[], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(message);
  });

  it('--help on an action shows its fields, limits and runbook, exit 0', async () => {
    const t = io();
    expect(await runCli(['manage_catalog', '--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/status: stub[\s\S]*Runbook[\s\S]*Commerce Manager/);
    const f = io();
    expect(await runCli(['send_interactive', '--help'], f.io)).toBe(0);
    expect(f.out.join('\n')).toMatch(/--buttons[\s\S]*--display-text/);
  });
});

describe('eum-social answers: tables, --json and exit codes', () => {
  let server: Server;
  let endpoint: string;
  const answers: Record<string, [number, unknown]> = {
    manage_catalog: [200, { status: 'stub', supported: false, runbook: ['step one is long enough to be listed as a numbered line in the output', 'two'] }],
    send_text: [400, { error: { code: 'ValidationError', message: 'text: must not be empty', details: { issues: [{ field: 'text', rule: 'text must not be empty' }] } } }],
    get_flow: [404, { error: { code: 'ResourceNotFoundException', message: 'EUM Social ResourceNotFoundException: no flow' } }],
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const [status, body] = answers[JSON.parse(raw).action] ?? [200, { echo: JSON.parse(raw) }];
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('success → 0 with a readable answer; --json prints the raw body', async () => {
    const t = io({ EUM_SOCIAL_ENDPOINT: endpoint });
    expect(await runCli(['manage_catalog'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/status\s+stub/);
    expect(t.out.join('\n')).toMatch(/1\. step one/);
    const j = io();
    expect(await runCli(['manage_catalog', '--json', '--endpoint', endpoint], j.io)).toBe(0);
    expect(JSON.parse(j.out.join(''))).toEqual(answers.manage_catalog![1]);
  });

  it('a validation error → 2 with the field; a provider error → 1', async () => {
    const v = io({ EUM_SOCIAL_ENDPOINT: endpoint });
    expect(await runCli(['send_text', '--text', ' '], v.io)).toBe(2);
    expect(v.err.join('\n')).toMatch(/ValidationError[\s\S]*FIELD[\s\S]*text\s+text must not be empty/);
    const p = io({ EUM_SOCIAL_ENDPOINT: endpoint });
    expect(await runCli(['get_flow', '--flow-id', 'x'], p.io)).toBe(1);
    expect(p.err.join('\n')).toMatch(/404 ResourceNotFoundException/);
  });

  it('an unreachable runtime → 1 with a hint', async () => {
    const t = io();
    expect(await runCli(['manage_catalog', '--endpoint', 'http://127.0.0.1:1'], t.io)).toBe(1);
    expect(t.err.join('\n')).toMatch(/cannot reach .*npm start/);
  });
});
