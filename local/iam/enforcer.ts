import type { Statement, SystemPolicies } from '../../infra/grants.js';
import { evaluate, type PolicyStatement } from './policy.js';
import { LOCAL_ACCOUNT, localArnOf } from './local-arns.js';
import { assumedRoleArn, parsePrincipal } from './principals.js';

/** A call outside the caller's policy; each endpoint answers it in its service's error shape. */
export class AccessDenied extends Error {
  override readonly name = 'AccessDeniedException';
  constructor(
    readonly principalArn: string,
    readonly action: string,
    readonly resource: string,
    explicitDeny = false,
  ) {
    super(
      `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} ` +
        (explicitDeny ? `with an explicit deny in an identity-based policy` : `because no identity-based policy allows the ${action} action`),
    );
  }
}

export interface UnusedGrant {
  principal: string;
  /** The catalogue grant (or ASL placeholder, rule target) never exercised. */
  grant: string;
}

/**
 * Checks every AWS call the runtime serves against the caller's policy (infra/grants.ts, mapped to
 * local ARNs) and remembers which grants each principal used, for the unused-grants report.
 */
export class IamEnforcer {
  private readonly policies = new Map<string, PolicyStatement[]>();
  private readonly used = new Map<string, Set<string>>();
  readonly denials: { principal: string; action: string; resource: string }[] = [];

  constructor(
    system: SystemPolicies,
    private readonly opts: { enabled: boolean; tableName?: string; log?: (msg: string) => void },
  ) {
    const add = (prefix: string, m: Map<string, Statement[]>) => {
      for (const [name, statements] of m)
        this.policies.set(
          `${prefix}${name}`,
          statements.map((s) => this.concrete(s)),
        );
    };
    add('', system.functions);
    add('state-machine/', system.stateMachines);
    add('rule/', system.rules);
    add('schedule/', system.schedules);
  }

  get enabled(): boolean {
    return this.opts.enabled;
  }

  private concrete(s: Statement): PolicyStatement {
    return { effect: 'Allow', actions: s.actions, resources: s.resources.map((r) => localArnOf(r, this.opts.tableName)), source: s.source };
  }

  /** The statements a principal holds (an unknown principal holds none). */
  policyOf(principal: string): PolicyStatement[] {
    return this.policies.get(principal) ?? [];
  }

  /**
   * Throws AccessDenied unless `principal` may perform `action` on `resource`. `undefined` is the
   * operator (a test or the CLI signing with a key of its own, or with the runtime's naming no
   * principal): not checked.
   */
  authorize(principal: string | undefined, action: string, resource: string): void {
    // Principals the system does not define (test fixture handlers and state machines) have no role to check.
    if (principal === undefined || !this.policies.has(principal)) return;
    const decision = evaluate(this.policyOf(principal), action, resource);
    if (decision.allowed) {
      const source = decision.statement.source ?? '?';
      let set = this.used.get(principal);
      if (!set) this.used.set(principal, (set = new Set()));
      set.add(source);
      return;
    }
    if (!this.opts.enabled) return;
    this.denials.push({ principal, action, resource });
    const err = new AccessDenied(assumedRoleArn(principal, LOCAL_ACCOUNT), action, resource, decision.reason === 'explicit-deny');
    this.opts.log?.(`IAM: ${err.message}`);
    throw err;
  }

  /** Per function, the catalogue grants it never used since the runtime started. */
  unusedGrants(kinds: ('function' | 'state-machine' | 'rule' | 'schedule')[] = ['function']): UnusedGrant[] {
    const out: UnusedGrant[] = [];
    for (const [principal, statements] of this.policies) {
      if (!kinds.includes(parsePrincipal(principal).kind)) continue;
      const used = this.used.get(principal) ?? new Set();
      for (const grant of new Set(statements.map((s) => s.source ?? '?'))) if (!used.has(grant)) out.push({ principal, grant });
    }
    return out;
  }

  /** Principals that made at least one allowed call. */
  activePrincipals(): string[] {
    return [...this.used.keys()];
  }
}

/** One principal's grants and the ones it used: what the unused-grants report is made of. */
export interface GrantUsage {
  principal: string;
  grants: string[];
  used: string[];
}

/** Per function, its grants and the ones it used since the runtime started. */
export function grantUsage(enforcer: IamEnforcer): GrantUsage[] {
  const unused = enforcer.unusedGrants();
  return [...new Set(unused.map((u) => u.principal)), ...enforcer.activePrincipals()]
    .filter((p, i, all) => all.indexOf(p) === i && parsePrincipal(p).kind === 'function')
    .map((principal) => {
      const grants = [...new Set(enforcer.policyOf(principal).map((s) => s.source ?? '?'))];
      const never = new Set(unused.filter((u) => u.principal === principal).map((u) => u.grant));
      return { principal, grants, used: grants.filter((g) => !never.has(g)) };
    });
}

/** Several runs' usage as one: a grant is used if any run used it. */
export function mergeGrantUsage(runs: GrantUsage[][]): GrantUsage[] {
  const merged = new Map<string, { grants: Set<string>; used: Set<string> }>();
  for (const u of runs.flat()) {
    const m = merged.get(u.principal) ?? { grants: new Set(), used: new Set() };
    u.grants.forEach((g) => m.grants.add(g));
    u.used.forEach((g) => m.used.add(g));
    merged.set(u.principal, m);
  }
  return [...merged].map(([principal, m]) => ({ principal, grants: [...m.grants], used: [...m.used] }));
}

/** A short table: one line per function with the grants it never used. */
export function formatUnusedGrants(usage: GrantUsage[]): string {
  const rows = usage
    .map((u) => ({ principal: u.principal, unused: u.grants.filter((g) => !u.used.includes(g)), none: u.used.length === 0 }))
    .filter((r) => r.unused.length > 0)
    .sort((a, b) => a.principal.localeCompare(b.principal));
  if (rows.length === 0) return 'IAM: every function used every grant it holds';
  const width = Math.max(...rows.map((r) => r.principal.length));
  return [
    'IAM grants never used in this run (function · grants):',
    ...rows.map((r) => `  ${r.principal.padEnd(width)}  ${r.unused.join(', ')}${r.none ? '  (no AWS call at all)' : ''}`),
  ].join('\n');
}
