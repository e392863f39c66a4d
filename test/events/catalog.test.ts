import { describe, expect, it } from 'vitest';
import { DetailType, DomainEventSchemas, EVENT_SOURCE, eventCatalog, eventDefinitions, makeEvent, rules, type DomainDetailType } from '../../events/index.js';
import { matchesPattern } from '../../events/pattern-matcher.js';

/**
 * Each domain event type is defined once (events/catalog/); these check that the definitions hold
 * together and that what is derived from them (names, schema map, rules' detail-types) follows.
 */
const onTheBus = (detailType: string, detail: unknown) => ({
  version: '0',
  id: 'x',
  'detail-type': detailType,
  source: EVENT_SOURCE,
  account: '123456789012',
  time: '2026-02-01T09:30:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});
const customRules = rules.filter((r) => r.bus === 'custom');

describe('the event catalogue', () => {
  it('names each event type once, as <subject>.<what_happened>', () => {
    const names = eventDefinitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+\.[a-z_]+$/);
    for (const d of eventDefinitions) expect(d.description.length, d.name).toBeGreaterThan(20);
  });

  it('derives DetailType and the schema map from the definitions', () => {
    expect(Object.keys(DetailType)).toEqual(Object.keys(eventCatalog));
    for (const [key, d] of Object.entries(eventCatalog)) {
      expect(DetailType[key as keyof typeof DetailType]).toBe(d.name);
      expect(DomainEventSchemas[d.name as DomainDetailType]).toBe(d.schema);
    }
  });

  it('every example is a valid detail of its type (makeEvent accepts it)', () => {
    for (const d of eventDefinitions) {
      expect(() => makeEvent(d.name as DomainDetailType, d.example as never), d.name).not.toThrow();
      expect((d.example as { eventId?: string }).eventId, d.name).toBeTruthy();
    }
  });

  it('every example, published, reaches exactly the rules its definition routes it to', () => {
    for (const d of eventDefinitions) {
      const reached = customRules.filter((r) => matchesPattern(r.pattern, onTheBus(d.name, d.example))).map((r) => r.name);
      expect(reached.sort(), d.name).toEqual([...d.routedTo].sort());
    }
  });

  it('routes only to rules that exist, and every rule on our events takes at least one type', () => {
    const names = new Set(rules.map((r) => r.name));
    for (const d of eventDefinitions) for (const r of d.routedTo) expect(names.has(r), `${d.name} → ${r}`).toBe(true);
    for (const r of customRules.filter((x) => (x.pattern.source as unknown[] | undefined)?.includes(EVENT_SOURCE))) {
      const types = r.pattern['detail-type'] as string[];
      expect(types.length, r.name).toBeGreaterThan(0);
      // Derived, not listed by hand: each type the rule takes names the rule.
      for (const t of types) expect(eventDefinitions.find((d) => d.name === t)?.routedTo, `${r.name} takes ${t}`).toContain(r.name);
    }
  });

  it('an example that breaks its schema is refused naming the field', () => {
    const { messageId: _, ...withoutId } = eventCatalog.MessageReceived.example;
    expect(() => makeEvent(DetailType.MessageReceived, withoutId as never)).toThrow(/messageId/);
  });
});
