import { fileURLToPath } from 'node:url';
import { capabilities } from '../functions/actions/registry.js';
import { escapeCell, generatedSection, writeOrCheck } from './generated-section.js';

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

export function renderCapabilityTable(caps: Capability[] = capabilities()): string {
  const rows = [...caps]
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.action.localeCompare(b.action))
    .map((c) => {
      const runbook = c.runbook.length ? `${c.runbook.length}-step runbook: \`eum-social ${c.action} --help\`` : '';
      return `| \`${c.action}\` | ${c.status} | ${escapeCell(c.summary)} | ${escapeCell(c.needs.join('; ') || '—')} | ${runbook || '—'} |`;
    });
  return ['| action | status | what it does | needs | Meta-side steps |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const section = generatedSection('README.md', START, END);
export const replaceBetweenMarkers = section.replace;
export const currentTable = section.current;

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(section, readmePath, renderCapabilityTable(), {
    drifted: 'README capability table is out of date: run npx tsx scripts/capability-table.ts',
    upToDate: 'README capability table is up to date',
    written: `README.md: capability table of ${capabilities().length} actions written`,
  });
}
