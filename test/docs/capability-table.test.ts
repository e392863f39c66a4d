import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capabilities } from '../../functions/actions/registry.js';
import { currentTable, END, renderCapabilityTable, replaceBetweenMarkers, START } from '../../scripts/capability-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README capability table', () => {
  it('matches list_capabilities (regenerate with: npx tsx scripts/capability-table.ts)', () => {
    expect(currentTable(readme)).toBe(renderCapabilityTable());
  });

  it('has one row per action with its true status', () => {
    const table = renderCapabilityTable();
    for (const c of capabilities()) expect(table).toContain(`| \`${c.action}\` | ${c.status} |`);
    expect(table).toContain('| `manage_catalog` | stub |');
    expect(table).toContain('| `create_flow` | supported |');
  });

  it('rewrites only what lies between the markers', () => {
    const doc = `# T\nbefore\n${START}\nold table\n${END}\nafter\n`;
    expect(replaceBetweenMarkers(doc, '| new |')).toBe(`# T\nbefore\n${START}\n| new |\n${END}\nafter\n`);
  });
});
