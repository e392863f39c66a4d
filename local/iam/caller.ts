import { principalForAccessKey, secretForAccessKey } from './credentials.js';
import { parsePrincipal, PRINCIPAL_HEADER, RUNTIME_PRINCIPAL } from './principals.js';
import { parseAuthorization, verifySigV4, type SignedRequest } from './sigv4.js';

export type Caller =
  /** `principal` undefined: the operator (a test or the CLI with a key the runtime did not issue, on loopback). */
  { ok: true; principal: string | undefined } | { ok: false; statusCode: number; type: string; message: string };

/**
 * Who signed an AWS call to a local endpoint. A key from `localCredentialsFor` must carry a valid
 * SigV4 signature; the runtime's own key may name the in-process principal in a header; any other
 * key is the operator, accepted only on loopback (`requireIssuedKey` beyond it).
 */
export function identifyCaller(req: SignedRequest, opts: { requireIssuedKey: boolean }): Caller {
  const auth = parseAuthorization(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
  const principal = auth ? principalForAccessKey(auth.accessKeyId) : undefined;
  // Unsigned calls are refused on loopback too: a page in a browser cannot sign, so it reads nothing
  // (not even the local Razorpay secrets) even through DNS rebinding.
  if (!auth) return { ok: false, statusCode: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  if (principal === undefined) {
    if (opts.requireIssuedKey) return { ok: false, statusCode: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    return { ok: true, principal: undefined };
  }
  if (!verifySigV4(req, auth, secretForAccessKey(auth.accessKeyId)!)) {
    return {
      ok: false,
      statusCode: 403,
      type: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    };
  }
  if (principal !== RUNTIME_PRINCIPAL) return { ok: true, principal };
  const named = req.headers[PRINCIPAL_HEADER];
  if (typeof named !== 'string' || !named) return { ok: true, principal: undefined };
  try {
    parsePrincipal(named);
  } catch {
    return { ok: false, statusCode: 400, type: 'ValidationException', message: `${PRINCIPAL_HEADER}: unknown principal` };
  }
  return { ok: true, principal: named };
}
