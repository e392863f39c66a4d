import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import { baseDetail } from '../events/catalog/define.js';
import { eventDefinitions, type EventDefinition } from '../events/catalog/index.js';
import { rules } from '../events/rules/index.js';
import { escapeCell, generatedSection, writeOrCheck } from './generated-section.js';

/**
 * Generates docs/events.md's table and examples from the event catalogue (events/catalog/) and
 * writes them between `<!-- events:start -->` and `<!-- events:end -->`, touching nothing else.
 *   npx tsx scripts/event-table.ts           rewrite docs/events.md
 *   npx tsx scripts/event-table.ts --check   exit 1 when docs/events.md has drifted
 */
export const START = '<!-- events:start -->';
export const END = '<!-- events:end -->';

/** The detail's own fields (beyond the ones every event carries), `?` marking the optional ones. */
export function detailFields(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape)
    .filter(([k]) => !(k in baseDetail))
    .map(([k, f]) => (f.safeParse(undefined).success ? `${k}?` : k));
}

function routes(d: EventDefinition): string {
  const targets = d.routedTo.map((name) => {
    const rule = rules.find((r) => r.name === name);
    return rule ? `\`${name}\` → ${rule.target.kind === 'lambda' ? 'λ' : 'state machine'} \`${rule.target.name}\`` : `\`${name}\` (no such rule)`;
  });
  return targets.join('<br>') || '— (subscribe with a rule)';
}

export function renderEventDocs(definitions: readonly EventDefinition[] = eventDefinitions): string {
  const table = [
    '| detail-type | what happened | published by | routed to (rule → target) | detail fields |',
    '| --- | --- | --- | --- | --- |',
    ...definitions.map((d) => {
      const fields = detailFields(d.schema);
      return `| [\`${d.name}\`](#${d.name.replace(/[^a-z0-9_]/g, '')}) | ${escapeCell(d.description)} | ${escapeCell(d.publishedBy)} | ${routes(d)} | ${fields.length ? fields.map((f) => `\`${f}\``).join(', ') : 'free-form'} |`;
    }),
  ];
  const examples = definitions.flatMap((d) => ['', `### ${d.name}`, '', escapeCell(d.description), '', '```json', JSON.stringify(d.example, null, 2), '```']);
  return [...table, '', '## Examples', '', 'Each is the `detail` of a valid event, exactly as the catalogue defines it (the tests parse each and route it).', ...examples].join(
    '\n',
  );
}

const section = generatedSection('docs/events.md', START, END);
export const replaceBetweenMarkers = section.replace;
export const currentEventDocs = section.current;

const docPath = fileURLToPath(new URL('../docs/events.md', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeOrCheck(section, docPath, renderEventDocs(), {
    drifted: 'docs/events.md is out of date: run npx tsx scripts/event-table.ts',
    upToDate: 'docs/events.md is up to date',
    written: `docs/events.md: ${eventDefinitions.length} event types written`,
  });
}
