import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SocialMessagingClient, GetLinkedWhatsAppBusinessAccountCommand } from '@aws-sdk/client-socialmessaging';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identifyCaller } from '../../../local/iam/caller.js';
import { localCredentialsFor, principalForAccessKey } from '../../../local/iam/credentials.js';
import { PRINCIPAL_HEADER, RUNTIME_PRINCIPAL } from '../../../local/iam/principals.js';
import type { SignedRequest } from '../../../local/iam/sigv4.js';

// A server that records what the SDK sends, so the verifier sees real SigV4 signatures.
let server: http.Server;
let endpoint: string;
const seen: SignedRequest[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      seen.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'ValidationException', message: 'recorded' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function signedBy(credentials: { accessKeyId: string; secretAccessKey: string }, extraHeader?: string): Promise<SignedRequest> {
  const client = new SFNClient({ endpoint, region: 'local', credentials, maxAttempts: 1 });
  if (extraHeader)
    client.middlewareStack.add((next) => (args: any) => ((args.request.headers[PRINCIPAL_HEADER] = extraHeader), next(args)), { step: 'finalizeRequest', priority: 'low' });
  await client.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:local:000000000000:stateMachine:x', input: '{"a":"é"}' })).catch(() => undefined);
  client.destroy();
  return seen.at(-1)!;
}

describe('local/iam/credentials.ts', () => {
  it('issues one key pair per principal and finds the principal back from the key id', () => {
    const a = localCredentialsFor('record-message');
    const b = localCredentialsFor('state-machine/payment-lifecycle');
    expect(a).toEqual(localCredentialsFor('record-message'));
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
    expect(principalForAccessKey(a.accessKeyId)).toBe('record-message');
    expect(principalForAccessKey(b.accessKeyId)).toBe('state-machine/payment-lifecycle');
    expect(principalForAccessKey('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(principalForAccessKey('local')).toBeUndefined();
  });

  it('refuses names that are not principals', () => {
    expect(() => localCredentialsFor('Record Message')).toThrow(/not a local principal/);
  });
});

describe('local/iam/caller.ts (SigV4 verified)', () => {
  it("identifies a function by its own key's valid signature, whatever header it adds", async () => {
    const req = await signedBy(localCredentialsFor('record-message'), 'actions');
    expect(identifyCaller(req, { requireIssuedKey: true })).toEqual({ ok: true, principal: 'record-message' });
  });

  it('refuses a signature made with the wrong secret', async () => {
    const { accessKeyId } = localCredentialsFor('record-message');
    const req = await signedBy({ accessKeyId, secretAccessKey: 'guessed' });
    expect(identifyCaller(req, { requireIssuedKey: false })).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
  });

  it('refuses a signed request whose body was changed on the way', async () => {
    const req = await signedBy(localCredentialsFor('record-message'));
    expect(identifyCaller({ ...req, body: Buffer.from(String(req.body).replace('stateMachine:x', 'stateMachine:y')) }, { requireIssuedKey: false })).toMatchObject({ ok: false });
  });

  it("lets the runtime's own key name the in-process principal in a header", async () => {
    const req = await signedBy(localCredentialsFor(RUNTIME_PRINCIPAL), 'payment-from-order');
    expect(identifyCaller(req, { requireIssuedKey: true })).toEqual({ ok: true, principal: 'payment-from-order' });
  });

  it('treats a key it did not issue as the operator on loopback, and refuses it beyond', async () => {
    const req = await signedBy({ accessKeyId: 'local', secretAccessKey: 'local' });
    expect(identifyCaller(req, { requireIssuedKey: false })).toEqual({ ok: true, principal: undefined });
    expect(identifyCaller(req, { requireIssuedKey: true })).toMatchObject({ ok: false, type: 'UnrecognizedClientException' });
  });

  it('verifies REST calls with a query string too (the EUM Social client)', async () => {
    const client = new SocialMessagingClient({ endpoint, region: 'local', credentials: localCredentialsFor('poll-quality'), maxAttempts: 1 });
    await client.send(new GetLinkedWhatsAppBusinessAccountCommand({ id: 'waba-1 x/y' })).catch(() => undefined);
    client.destroy();
    const req = seen.at(-1)!;
    expect(req.query.get('id')).toBe('waba-1 x/y');
    expect(identifyCaller(req, { requireIssuedKey: true })).toEqual({ ok: true, principal: 'poll-quality' });
  });
});
