import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMarkdown, type Result } from './lib.js';

/** `npx tsx bench/render-markdown.ts`: bench/results.json as a Markdown table (for docs/performance.md). */
const results = JSON.parse(readFileSync(join(import.meta.dirname, 'results.json'), 'utf8')) as Result[];
process.stdout.write(`${formatMarkdown(results)}\n`);
