import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from './lib.js';

/** `npx tsx bench/render-markdown.ts`: bench/results.json as a Markdown table (for docs/performance.md). */
const results = JSON.parse(readFileSync(join(import.meta.dirname, 'results.json'), 'utf8')) as Result[];
const esc = (s: string) => s.replaceAll('|', '\\|');
const lines = ['| figure | value | target | met | measured sides |', '|---|---|---|---|---|'];
for (const r of results) {
  const sides = r.sides ? Object.entries(r.sides).map(([k, s]) => `${k}: ${s.value} ${s.unit}`).join(' / ') : '';
  lines.push(`| ${esc(r.name)} | ${r.value} ${esc(r.unit)} | ${esc(r.target ?? '')} | ${r.met === undefined ? '' : r.met ? 'met' : '**missed**'} | ${esc(sides)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
