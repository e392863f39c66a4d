import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capabilities } from '../functions/actions/registry.js';

/**
 * Generates the README's capability table from the registry (`list_capabilities`) and writes it
 * between `<!-- capabilities:start -->` and `<!-- capabilities:end -->`, touching nothing else.
 *   npx tsx scripts/capability-table.ts           rewrite README.md
 *   npx tsx scripts/capability-table.ts --check   exit 1 when README.md has drifted
 */
export const START = '<!-- capabilities:start -->';
export const END = '<!-- capabilities:end -->';

type Capability = ReturnType<typeof capabilities>[number];

const STATUS_ORDER = { supported: 0, partial: 1, stub: 2 } as const;
const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCapabilityTable(caps: Capability[] = capabilities()): string {
  const rows = [...caps]
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.action.localeCompare(b.action))
    .map((c) => {
      const runbook = c.runbook.length ? `${c.runbook.length}-step runbook: \`eum-social ${c.action} --help\`` : '';
      return `| \`${c.action}\` | ${c.status} | ${escapeCell(c.summary)} | ${escapeCell(c.needs.join('; ') || '—')} | ${runbook || '—'} |`;
    });
  return ['| action | status | what it does | needs | Meta-side steps |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function replaceBetweenMarkers(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

export function currentTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} … ${END}`);
  return readme.slice(start + START.length, end).trim();
}

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(readmePath, 'utf8');
  const table = renderCapabilityTable();
  if (process.argv.includes('--check')) {
    const drifted = currentTable(readme) !== table;
    process.stdout.write(drifted ? 'README capability table is out of date: run npx tsx scripts/capability-table.ts\n' : 'README capability table is up to date\n');
    process.exitCode = drifted ? 1 : 0;
  } else {
    writeFileSync(readmePath, replaceBetweenMarkers(readme, table));
    process.stdout.write(`README.md: capability table of ${capabilities().length} actions written\n`);
  }
}
