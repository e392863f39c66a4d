import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { pascal } from '../../state-machines/substitutions.js';

/**
 * Who is calling: a function (`record-message`), a state machine's role (`state-machine/<name>`),
 * a rule target's role (`rule/<name>`) or a schedule's (`schedule/<name>`). In the runtime's
 * process the principal travels with the async call chain and, on the handler → local AWS endpoint
 * hop, in a header that the endpoints honour only on calls signed with the runtime's own key
 * (a function run in its own process signs with its own key instead: local/iam/credentials.ts).
 */
export const PRINCIPAL_HEADER = 'x-local-principal';
export const RUNTIME_PRINCIPAL = 'local/runtime';

export type PrincipalKind = 'function' | 'state-machine' | 'rule' | 'schedule';

const storage = new AsyncLocalStorage<string>();
export const currentPrincipal = (): string | undefined => storage.getStore();
export const withPrincipal = <T>(principal: string, fn: () => T): T => storage.run(principal, fn);

export const statesPrincipal = (machine: string): string => `state-machine/${machine}`;
export const rulePrincipal = (rule: string): string => `rule/${rule}`;
export const schedulePrincipal = (schedule: string): string => `schedule/${schedule}`;

export function parsePrincipal(principal: string): { kind: PrincipalKind; name: string } {
  const slash = principal.indexOf('/');
  if (slash < 0) return { kind: 'function', name: principal };
  const prefix = principal.slice(0, slash);
  const name = principal.slice(slash + 1);
  if (prefix === 'state-machine' || prefix === 'rule' || prefix === 'schedule') return { kind: prefix, name };
  throw new Error(`unknown principal "${principal}"`);
}

/** `arn:aws:sts::<acct>:assumed-role/<role>/<session>`, as AWS names the caller in AccessDenied messages. */
export function assumedRoleArn(principal: string, account: string): string {
  const { kind, name } = parsePrincipal(principal);
  const role = { function: 'ServiceRole', 'state-machine': 'StateMachineRole', rule: 'EventsRole', schedule: 'SchedulerRole' }[kind];
  return `arn:aws:sts::${account}:assumed-role/eum-social-${pascal(name)}${role}/${name}`;
}

let patchedPorts: Set<number> | undefined;

/** Adds the principal header to requests to the runtime's own ports (its AWS endpoints, the EUM sandbox). */
export function propagatePrincipalTo(port: number): () => void {
  if (!patchedPorts) {
    patchedPorts = new Set();
    const ports = patchedPorts;
    const original = http.request;
    const patched = function (this: unknown, ...args: unknown[]) {
      const principal = storage.getStore();
      const opts = args[0];
      if (principal && opts && typeof opts === 'object' && !(opts instanceof URL)) {
        const o = opts as http.RequestOptions;
        if (ports.has(Number(o.port))) args[0] = { ...o, headers: { ...(o.headers ?? {}), [PRINCIPAL_HEADER]: principal } };
      }
      return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
    };
    (http as { request: unknown }).request = patched;
    syncBuiltinESMExports();
  }
  patchedPorts.add(port);
  return () => patchedPorts?.delete(port);
}
