import type { LocalS3Store } from '../aws-endpoints/s3.js';
import { identifyCaller } from '../iam/caller.js';
import { AccessDenied, type IamEnforcer } from '../iam/enforcer.js';
import { propagatePrincipalTo } from '../iam/principals.js';
import { eumCheck } from '../iam/requests.js';
import { startSandboxes, type StartedSandboxes } from '../server/sandboxes-wiring.js';

/**
 * The EUM Social and Razorpay sandboxes and the simulated customer, their webhooks pointed at the
 * runtime's own HTTP endpoints. Every call into the EUM sandbox is checked against its caller's policy.
 */
export async function startRuntimeSandboxes(opts: {
  enabled: boolean;
  runtimeUrl: string;
  timeScale: number;
  memory: boolean;
  eum: Record<string, unknown> | undefined;
  razorpay: Record<string, unknown> | undefined;
  s3: LocalS3Store;
  secrets: { webhookSecret: string; keyId: string; keySecret: string };
  iam: IamEnforcer;
  log: (msg: string) => void;
}): Promise<{ sandboxes: StartedSandboxes; stopEumPrincipals: () => void }> {
  const { iam } = opts;
  const sandboxes = await startSandboxes({
    enabled: opts.enabled,
    runtimeUrl: opts.runtimeUrl,
    timeScale: opts.timeScale,
    // A persisted runtime keeps its table across restarts: a fresh seed per start keeps the sandbox's
    // deterministic ids (template ids, wamids) from colliding with what an earlier run stored.
    eum: { ...(opts.memory ? opts.eum : { seed: `eum-sandbox-${Date.now().toString(36)}`, ...opts.eum }), s3: opts.s3 },
    razorpay: opts.razorpay,
    secrets: opts.secrets,
    log: opts.log,
    authorizeEum: (operation, req, body) => {
      const caller = identifyCaller({ method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.rawBody }, { requireIssuedKey: false });
      if (!caller.ok) return caller.message;
      const check = eumCheck(operation, req.query, body);
      try {
        iam.authorize(caller.principal, check.action, check.resource);
      } catch (err) {
        if (err instanceof AccessDenied) return err.message;
        throw err;
      }
      return undefined;
    },
  });
  const stopEumPrincipals = sandboxes.eumEndpoint ? propagatePrincipalTo(Number(new URL(sandboxes.eumEndpoint).port)) : () => undefined;
  return { sandboxes, stopEumPrincipals };
}
