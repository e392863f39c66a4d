import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../local/cli/cli.js';

/** A stand-in for API Gateway / the Lambda service that records what the CLI signed and sent. */
describe('eum-social --stack-url and --function sign with SigV4 from the default credential chain', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let reply: [number, unknown] = [200, {}];
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDCLITEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: '' });
    delete process.env.AWS_PROFILE;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(reply[0], { 'content-type': 'application/json' }).end(JSON.stringify(reply[1]));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise<void>((r) => server.close(() => r()));
  });

  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} } };
  };

  it('--stack-url: a signed POST of the action to the given URL (service execute-api)', async () => {
    seen.length = 0;
    reply = [200, { status: 'stub' }];
    const t = io();
    expect(await runCli(['manage_catalog', '--stack-url', `${base}/actions`, '--region', 'ap-south-1', '--json'], t.io)).toBe(0);
    expect(seen[0]!.url).toBe('/actions');
    expect(JSON.parse(seen[0]!.body)).toEqual({ action: 'manage_catalog' });
    expect(seen[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDCLITEST\/\d{8}\/ap-south-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host/);
    expect(seen[0]!.headers['x-amz-date']).toBeDefined();
  });

  it("--function: a signed Lambda Invoke; the handler's { statusCode, error } answer keeps its exit code", async () => {
    seen.length = 0;
    reply = [200, { statusCode: 400, error: { code: 'ValidationError', message: 'to: required', details: { issues: [{ field: 'to', rule: 'required' }] } } }];
    process.env.AWS_ENDPOINT_URL_LAMBDA = base;
    const t = io();
    const code = await runCli(['send_text', '--from', 'p', '--text', 'hi', '--function', 'eum-social-actions', '--region', 'eu-west-1'], t.io);
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    expect(code).toBe(2);
    expect(seen[0]!.url).toBe('/2015-03-31/functions/eum-social-actions/invocations');
    expect(seen[0]!.headers.authorization).toMatch(/\/eu-west-1\/lambda\/aws4_request/);
    expect(t.err.join('\n')).toMatch(/to\s+required/);
  });
});
