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
      for (const [name, statements] of m) this.policies.set(`${prefix}${name}`, statements.map((s) => this.concrete(s)));
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

/** A short table: one line per function with the grants it never used (functions never invoked are listed as such). */
export function formatUnusedGrants(enforcer: IamEnforcer): string {
  const active = new Set(enforcer.activePrincipals());
  const byPrincipal = new Map<string, string[]>();
  for (const u of enforcer.unusedGrants()) byPrincipal.set(u.principal, [...(byPrincipal.get(u.principal) ?? []), u.grant]);
  if (byPrincipal.size === 0) return 'IAM: every function used every grant it holds';
  const rows = [...byPrincipal].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...rows.map(([p]) => p.length));
  return [
    'IAM grants never used in this run (function · grants):',
    ...rows.map(([p, grants]) => `  ${p.padEnd(width)}  ${active.has(p) ? grants.join(', ') : '(made no AWS call)'}`),
  ].join('\n');
}
