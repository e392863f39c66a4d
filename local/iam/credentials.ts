import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-principal access keys of the local runtime's AWS endpoints: every function, state machine
 * and rule target gets its own key pair, as each has its own IAM role on AWS, so the endpoints know
 * whose policy a call is checked against from the SigV4 signature alone.
 *
 * Principals (the names `local/iam/principals.ts` understands):
 * - a function: its catalogue name, e.g. `record-message`
 * - a state machine's role: `state-machine/<name>`, e.g. `state-machine/payment-lifecycle`
 * - a rule target's role: `rule/<rule name>`; a schedule's role: `schedule/<schedule name>`
 *
 * The access key id carries the principal (hex), so the reverse lookup needs no table; the secret
 * is an HMAC of the key id under a key generated per process, so only this process (and the
 * processes it hands a key to) can sign as a principal.
 */
const KEY_PREFIX = 'LKIA';
const processKey = randomBytes(32);

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export function localCredentialsFor(principal: string): LocalCredentials {
  if (!/^[a-z0-9][a-z0-9-]*(\/[A-Za-z0-9._-]+)?$/.test(principal)) throw new Error(`not a local principal name: "${principal}" (see local/iam/credentials.ts)`);
  const accessKeyId = `${KEY_PREFIX}${Buffer.from(principal, 'utf8').toString('hex').toUpperCase()}`;
  return { accessKeyId, secretAccessKey: secretFor(accessKeyId) };
}

/** The principal an access key id was issued to by `localCredentialsFor`, or undefined for any other key. */
export function principalForAccessKey(accessKeyId: string): string | undefined {
  if (!accessKeyId.startsWith(KEY_PREFIX)) return undefined;
  const hex = accessKeyId.slice(KEY_PREFIX.length);
  if (!/^(?:[0-9A-F]{2})+$/.test(hex)) return undefined;
  const principal = Buffer.from(hex, 'hex').toString('utf8');
  try {
    return localCredentialsFor(principal).accessKeyId === accessKeyId ? principal : undefined;
  } catch {
    return undefined;
  }
}

/** The secret access key of a key id issued here (what a SigV4 verifier signs with), or undefined. */
export function secretForAccessKey(accessKeyId: string): string | undefined {
  return principalForAccessKey(accessKeyId) === undefined ? undefined : secretFor(accessKeyId);
}

function secretFor(accessKeyId: string): string {
  return createHmac('sha256', processKey).update(accessKeyId).digest('base64url');
}

/** Constant-time string comparison for signatures. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
