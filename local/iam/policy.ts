/**
 * IAM identity-policy evaluation, as much of it as the twin needs: Allow/Deny statements of
 * actions and resources with `*` / `?` wildcards. An explicit Deny wins, then any Allow, else the
 * implicit deny. Actions match case-insensitively, resources case-sensitively (as IAM does).
 */
export interface PolicyStatement {
  effect?: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  /** Where the statement comes from (a catalogue grant, an ASL placeholder…): the unused-grants report groups by it. */
  source?: string;
}

export type Decision =
  | { allowed: true; statement: PolicyStatement }
  | { allowed: false; reason: 'explicit-deny'; statement: PolicyStatement }
  | { allowed: false; reason: 'no-allow' };

export function evaluate(statements: readonly PolicyStatement[], action: string, resource: string): Decision {
  const applies = (s: PolicyStatement) => s.actions.some((a) => wildcardMatch(a, action, true)) && s.resources.some((r) => wildcardMatch(r, resource, false));
  const deny = statements.find((s) => s.effect === 'Deny' && applies(s));
  if (deny) return { allowed: false, reason: 'explicit-deny', statement: deny };
  const allow = statements.find((s) => (s.effect ?? 'Allow') === 'Allow' && applies(s));
  return allow ? { allowed: true, statement: allow } : { allowed: false, reason: 'no-allow' };
}

const patterns = new Map<string, RegExp>();

/** IAM's wildcards: `*` any run of characters (including none, across `:` and `/`), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = patterns.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    patterns.set(key, re);
  }
  return re.test(value);
}
