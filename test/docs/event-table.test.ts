import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventDefinitions } from '../../events/index.js';
import { currentEventDocs, END, renderEventDocs, replaceBetweenMarkers, START } from '../../scripts/event-table.js';

const doc = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');

describe('docs/events.md', () => {
  it('matches the event catalogue (regenerate with: npx tsx scripts/event-table.ts)', () => {
    expect(currentEventDocs(doc)).toBe(renderEventDocs());
  });

  it('lists exactly the catalogue: one row and one example per event type', () => {
    const rows = [...currentEventDocs(doc).matchAll(/^\| \[`([a-z_.]+)`\]/gm)].map((m) => m[1]);
    expect(rows).toEqual(eventDefinitions.map((d) => d.name));
    for (const d of eventDefinitions) expect(doc).toContain(`### ${d.name}\n`);
  });

  it('rewrites only what lies between the markers', () => {
    expect(replaceBetweenMarkers(`# E\n${START}\nold\n${END}\nafter\n`, '| new |')).toBe(`# E\n${START}\n| new |\n${END}\nafter\n`);
  });
});
