import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the ASL files; resolved from this module so CDK, runtime and tests agree. */
export const STATE_MACHINES_DIR = dirname(fileURLToPath(import.meta.url));

/** `record-message` → `RecordMessage`: the one kebab → Pascal naming (ASL placeholders, CDK construct ids, the local IAM role names). */
export const pascal = (kebab: string): string =>
  kebab
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const kebab = (pascalName: string): string => pascalName.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export const functionPlaceholder = (handler: string): string => `${pascal(handler)}FunctionArn`;
export const stateMachinePlaceholder = (machine: string): string => `${pascal(machine)}StateMachineArn`;

export type Placeholder =
  | { kind: 'function'; key: string; handler: string }
  | { kind: 'state-machine'; key: string; machine: string }
  | { kind: 'table'; key: 'TableName' }
  | { kind: 'bus'; key: 'EventBusName' };

/** Classifies a placeholder key; throws on a key no convention covers. */
export function classifyPlaceholder(key: string): Placeholder {
  if (key === 'TableName') return { kind: 'table', key };
  if (key === 'EventBusName') return { kind: 'bus', key };
  const fn = /^([A-Z][A-Za-z0-9]*)FunctionArn$/.exec(key);
  if (fn) return { kind: 'function', key, handler: kebab(fn[1]!) };
  const sm = /^([A-Z][A-Za-z0-9]*)StateMachineArn$/.exec(key);
  if (sm) return { kind: 'state-machine', key, machine: kebab(sm[1]!) };
  throw new Error(`unknown ASL placeholder \${${key}}: see state-machines/README.md`);
}

/** Every `${Key}` used in an ASL text, classified. */
export function placeholdersOf(aslText: string): Placeholder[] {
  const keys = new Set([...aslText.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!));
  return [...keys].map(classifyPlaceholder);
}

export function substitute(aslText: string, values: Record<string, string>): string {
  return aslText.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`no value for ASL placeholder ${whole}`);
    return v;
  });
}

/** Every state machine of the folder: name (file name without `.asl.json`) → path. */
export function listStateMachines(dir = STATE_MACHINES_DIR): { name: string; path: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.asl.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.asl\.json$/, ''), path: join(dir, f) }));
}

export function readStateMachine(name: string, dir = STATE_MACHINES_DIR): string {
  return readFileSync(join(dir, `${name}.asl.json`), 'utf8');
}

/** `template-approval` → `STATE_MACHINE_ARN_TEMPLATE_APPROVAL`: the env var handlers read a machine's ARN from (CDK and the local runtime set it). */
export const stateMachineEnvName = (name: string): string => `STATE_MACHINE_ARN_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
