import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One example input of a state machine (`state-machines/<name>.examples.json`). */
export interface MachineExample {
  title: string;
  description: string;
  input: unknown;
}

/**
 * The input contract of a machine, from the files beside its ASL file: `<name>.md` if there is
 * one, else its section of `state-machines/README.md` (the `## <name>` heading down to the next `## `).
 */
export function inputContractOf(dir: string, name: string): string {
  const own = join(dir, `${name}.md`);
  if (existsSync(own)) return readFileSync(own, 'utf8');
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) return '';
  const text = readFileSync(readme, 'utf8');
  const start = text.search(new RegExp(`^## .*\\b${name.replace(/[-]/g, '\\-')}\\b`, 'm'));
  if (start < 0) return '';
  const rest = text.slice(start);
  const end = rest.slice(3).search(/^## /m);
  return (end < 0 ? rest : rest.slice(0, end + 3)).trim();
}

export function examplesOf(dir: string, name: string): MachineExample[] {
  const path = join(dir, `${name}.examples.json`);
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { examples?: MachineExample[] } | MachineExample[];
  return Array.isArray(parsed) ? parsed : (parsed.examples ?? []);
}
