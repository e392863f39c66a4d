import { describe, expect, it } from 'vitest';
import { evaluate, wildcardMatch, type PolicyStatement } from '../../../local/iam/policy.js';

const table = 'arn:aws:dynamodb:local:000000000000:table/eum-social';
const policy: PolicyStatement[] = [
  { actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [table, `${table}/index/*`], source: 'table:read' },
  { actions: ['social-messaging:SendWhatsAppMessage'], resources: ['arn:aws:social-messaging:local:000000000000:phone-number-id/*'], source: 'eum:send' },
];

describe('local/iam/policy.ts', () => {
  it('allows an action on a resource a statement names, and says which statement', () => {
    const decision = evaluate(policy, 'dynamodb:GetItem', table);
    expect(decision).toEqual({ allowed: true, statement: policy[0] });
  });

  it('denies an action no statement names (implicit deny)', () => {
    expect(evaluate(policy, 'dynamodb:PutItem', table)).toEqual({ allowed: false, reason: 'no-allow' });
  });

  it('denies an allowed action on another resource', () => {
    expect(evaluate(policy, 'dynamodb:GetItem', 'arn:aws:dynamodb:local:000000000000:table/other').allowed).toBe(false);
    expect(evaluate(policy, 'dynamodb:GetItem', `${table}-copy`).allowed).toBe(false);
  });

  it('matches resource wildcards across path segments, but only where the pattern has them', () => {
    expect(evaluate(policy, 'dynamodb:Query', `${table}/index/gsi1`).allowed).toBe(true);
    expect(evaluate(policy, 'social-messaging:SendWhatsAppMessage', 'arn:aws:social-messaging:local:000000000000:phone-number-id/phone-number-id-1').allowed).toBe(true);
    expect(evaluate(policy, 'social-messaging:SendWhatsAppMessage', 'arn:aws:social-messaging:local:000000000000:waba/waba-1').allowed).toBe(false);
  });

  it('lets an explicit Deny win over an Allow', () => {
    const withDeny: PolicyStatement[] = [...policy, { effect: 'Deny', actions: ['dynamodb:*'], resources: ['*'] }];
    expect(evaluate(withDeny, 'dynamodb:GetItem', table)).toMatchObject({ allowed: false, reason: 'explicit-deny' });
  });

  it('matches actions case-insensitively and resources case-sensitively, with * and ?', () => {
    expect(wildcardMatch('states:Send*', 'STATES:sendtasksuccess', true)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::Bucket/x', false)).toBe(false);
    expect(wildcardMatch('arn:aws:lambda:*:*:function:a?c', 'arn:aws:lambda:local:0:function:abc', false)).toBe(true);
    expect(wildcardMatch('arn:aws:lambda:*:*:function:a?c', 'arn:aws:lambda:local:0:function:abbc', false)).toBe(false);
    expect(wildcardMatch('a.b', 'axb', false)).toBe(false);
  });
});
