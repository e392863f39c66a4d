import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge a cdk-nag (v3) finding on a construct and everything under it. Every call carries the
 * reason; `finding` narrows it to one finding (`AwsSolutions-IAM5[Resource::*]`). The id has no
 * `AwsSolutions::` prefix: cdk-nag 3.0.2 compares acknowledgments without it (the CLI's hint adds it).
 */
export function acknowledge(scope: IConstruct, ruleId: string, reason: string, finding?: string): void {
  Validations.of(scope).acknowledge({ id: finding ? `${ruleId}[${finding}]` : ruleId, reason });
}

/** How cdk-nag spells a CloudFormation token in a finding: `{Fn::GetAtt: [Id, Arn]}` → `<Id.Arn>`. */
export function findingToken(scope: IConstruct, token: string): string {
  const resolved = Stack.of(scope).resolve(token) as { 'Fn::GetAtt'?: [string, string]; Ref?: string } | string;
  if (typeof resolved === 'string') return resolved;
  if (resolved['Fn::GetAtt']) return `<${resolved['Fn::GetAtt'][0]}.${resolved['Fn::GetAtt'][1]}>`;
  if (resolved.Ref) return `<${resolved.Ref}>`;
  throw new Error(`cannot name token ${token} for a cdk-nag finding`);
}
