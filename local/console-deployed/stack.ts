import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { regionOf, signedPost } from '../cli/transport.js';
import { PROJECT_ROOT } from '../server/paths.js';

/**
 * What the deployed-stack console talks to: the stack's actions API, its region, and its state
 * machines by the names the project gives them (`template-approval`, …; on AWS they are named
 * `<StackName>-<name>`, infra/constructs/names.ts).
 */
export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface DeployedMachine {
  /** The project's name of the machine (state-machines/<name>.asl.json). */
  name: string;
  arn: string;
}

export interface StackTarget {
  actionsUrl: string;
  region: string;
  stackName?: string;
  machines: DeployedMachine[];
  sfn: SFNClient;
  credentials: Credentials;
}

export interface StackOptions {
  /** The stack output ActionsUrl (`--stack-url`). */
  stackUrl?: string;
  /** The stack's name (`--stack`): its outputs come from CloudFormation DescribeStacks. */
  stack?: string;
  region?: string;
  /** State machine ARNs (`--state-machines`), instead of finding them by name. */
  stateMachines?: string[];
  /** Another Step Functions endpoint (`--endpoint-url`): for testing against the local runtime. */
  endpointUrl?: string;
  /** Another CloudFormation endpoint (env AWS_ENDPOINT_URL_CLOUDFORMATION, as the AWS SDKs read it). */
  cloudFormationEndpoint?: string;
  /** Default: the default credential chain (env, profile, SSO, instance role…). */
  credentials?: Credentials;
}

export class StackError extends Error {}

/** The project's state machine names, from the ASL files beside the code the console runs from. */
export function projectMachineNames(dir = join(PROJECT_ROOT, 'state-machines')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.asl.json'))
    .map((f) => f.slice(0, -'.asl.json'.length))
    .sort();
}

export async function resolveStack(o: StackOptions): Promise<StackTarget> {
  if (!o.stackUrl && !o.stack) throw new StackError('say which stack: --stack-url <ActionsUrl output> or --stack <StackName>');
  const credentials = o.credentials ?? defaultProvider();
  let region: string;
  try {
    region = regionOf(o.stackUrl ? new URL(o.stackUrl).host : '', o.region);
  } catch (err) {
    throw new StackError(err instanceof TypeError ? `--stack-url: not a URL (${o.stackUrl})` : (err as Error).message);
  }
  let actionsUrl = o.stackUrl;
  if (o.stack) {
    const outputs = await describeStackOutputs(o.stack, region, credentials, o.cloudFormationEndpoint);
    actionsUrl ??= outputs.ActionsUrl;
    if (!actionsUrl) throw new StackError(`stack ${o.stack} has no ActionsUrl output (is it this project's stack? outputs: ${Object.keys(outputs).join(', ') || 'none'})`);
  }
  const sfn = new SFNClient({ region, credentials, maxAttempts: 3, ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}) });
  const known = projectMachineNames();
  const machines = o.stateMachines?.length ? machinesFromArns(o.stateMachines, known) : findMachines(await listStateMachines(sfn), known, o.stack);
  return { actionsUrl: actionsUrl!, region, stackName: o.stack, machines, sfn, credentials };
}

async function listStateMachines(sfn: SFNClient): Promise<{ name: string; arn: string }[]> {
  const all: { name: string; arn: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    for (const m of page.stateMachines ?? []) if (m.name && m.stateMachineArn) all.push({ name: m.name, arn: m.stateMachineArn });
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/**
 * The stack's machines among the account's: `<stack>-<name>` when the stack is named, else every
 * machine named `<prefix>-<name>` (or `<name>`) for the project's names, as long as one prefix
 * (one stack) has them; several stacks in one region need --stack or --state-machines.
 */
export function findMachines(all: { name: string; arn: string }[], known: string[], stack?: string): DeployedMachine[] {
  if (stack) {
    const found = known.flatMap((name) => all.filter((m) => m.name === `${stack}-${name}`.slice(0, 80)).map((m) => ({ name, arn: m.arn })));
    if (!found.length) throw new StackError(`no state machine named ${stack}-<name> (${known.join(', ')}) in this account and region`);
    return found;
  }
  const byPrefix = new Map<string, DeployedMachine[]>();
  for (const m of all) {
    const name = projectNameOf(m.name, known);
    if (!name) continue;
    const prefix = m.name.slice(0, m.name.length - name.length);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), { name, arn: m.arn }]);
  }
  const stacks = [...byPrefix.entries()];
  if (!stacks.length) throw new StackError(`none of this project's state machines (${known.join(', ')}) is in this account and region: pass --stack or --state-machines`);
  if (stacks.length > 1) {
    const names = stacks.map(([p]) => (p ? p.replace(/-$/, '') : '(no prefix)')).join(', ');
    throw new StackError(`state machines of several stacks (${names}): pass --stack <StackName> or --state-machines <arn,…>`);
  }
  return stacks[0]![1].sort((a, b) => a.name.localeCompare(b.name));
}

/** `<prefix>-template-approval` → `template-approval`: the longest project name the deployed name ends with. */
function projectNameOf(deployed: string, known: string[]): string | undefined {
  return known.filter((k) => deployed === k || deployed.endsWith(`-${k}`)).sort((a, b) => b.length - a.length)[0];
}

function machinesFromArns(arns: string[], known: string[]): DeployedMachine[] {
  return arns.map((arn) => {
    const full = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn)?.[1];
    if (!full) throw new StackError(`--state-machines: not a state machine ARN: ${arn}`);
    return { name: projectNameOf(full, known) ?? full, arn };
  });
}

/** CloudFormation DescribeStacks over its Query API, SigV4-signed (the CloudFormation SDK client is not a dependency). */
export async function describeStackOutputs(stack: string, region: string, credentials: Credentials, endpoint?: string): Promise<Record<string, string>> {
  const url = new URL(endpoint ?? `https://cloudformation.${region}.amazonaws.com/`);
  const body = new URLSearchParams({ Action: 'DescribeStacks', StackName: stack, Version: '2010-05-15' }).toString();
  const res = await signedPost(url, 'cloudformation', region, body, credentials, 'application/x-www-form-urlencoded; charset=utf-8');
  const xml = await res.text();
  if (!res.ok) {
    const code = tag(xml, 'Code') ?? `HTTP ${res.status}`;
    throw new StackError(`CloudFormation DescribeStacks ${stack}: ${code}: ${tag(xml, 'Message') ?? xml.slice(0, 200)}`);
  }
  return parseStackOutputs(xml);
}

/** The OutputKey → OutputValue pairs of a DescribeStacks XML answer (its first stack). */
export function parseStackOutputs(xml: string): Record<string, string> {
  const outputs = /<Outputs>([\s\S]*?)<\/Outputs>/.exec(xml)?.[1] ?? '';
  const out: Record<string, string> = {};
  for (const m of outputs.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
    const key = tag(m[1]!, 'OutputKey');
    const value = tag(m[1]!, 'OutputValue');
    if (key && value !== undefined) out[key] = value;
  }
  return out;
}

function tag(xml: string, name: string): string | undefined {
  const v = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
  return v === undefined
    ? undefined
    : v
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
