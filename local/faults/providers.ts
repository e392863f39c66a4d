/**
 * Provider faults for the Razorpay sandbox, off by default (local/faults/switch.ts covers the AWS
 * stand-ins; the EUM sandbox has its own `setFault`). Two shapes of failure the Razorpay API shows:
 * - `5xx`: the call fails before Razorpay did anything (SERVER_ERROR 500);
 * - `timeout`: Razorpay does the work but the answer comes too late (after `hangMs`), so the
 *   caller gives up without knowing it was done — the case that makes blind retries dangerous.
 * Hook: one line in local/sandboxes/razorpay/index.ts (`listen(withRazorpayFaults(handle), …)`).
 */
export interface RazorpayFaultPlan {
  kind: '5xx' | 'timeout';
  /** Matches `METHOD /path` (default: every call). */
  match?: RegExp;
  /** How many matching calls fail (then the plan is spent). */
  times: number;
  /** timeout: how long the answer is held back (default 15 s). */
  hangMs?: number;
}

interface Res {
  status: number;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

let plan: RazorpayFaultPlan | undefined;
const counters = { razorpay5xx: 0, razorpayTimeouts: 0, heldAnswersReleased: 0 };

export const providerFaults = {
  razorpay(p: RazorpayFaultPlan | undefined): void {
    plan = p ? { ...p } : undefined;
  },
  counters: () => ({ ...counters }),
};

const SERVER_ERROR = {
  error: {
    code: 'SERVER_ERROR',
    description: 'We are facing some trouble completing your request at the moment. Please try again shortly.',
    source: 'NA',
    step: 'NA',
    reason: 'NA',
    metadata: {},
    field: null,
  },
};

/** Wraps the sandbox's request handler with the Razorpay fault plan. */
export function withRazorpayFaults<Q extends { method: string; path: string }>(handle: (req: Q) => Res | Promise<Res>): (req: Q) => Promise<Res> {
  return async (req) => {
    const p = plan;
    if (!p || p.times <= 0 || !(p.match ?? /./).test(`${req.method} ${req.path}`)) return handle(req);
    p.times--;
    if (p.kind === '5xx') {
      counters.razorpay5xx++;
      return { status: 500, body: SERVER_ERROR };
    }
    counters.razorpayTimeouts++;
    const out = await handle(req);
    await new Promise((r) => setTimeout(r, p.hangMs ?? 15_000));
    counters.heldAnswersReleased++;
    return out;
  };
}
