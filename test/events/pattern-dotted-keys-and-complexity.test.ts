import { describe, expect, it } from 'vitest';
import { TOO_COMPLEX_MESSAGE, wildcardComplexity } from '../../events/pattern-complexity.js';
import { matchesPattern, validatePattern } from '../../events/pattern-matcher.js';

/**
 * Issue 15, the matcher: EventBridge flattens keys into dotted paths, so a dotted key in the pattern or
 * in the event names the nested path; and it refuses wildcard patterns it judges too complex.
 */
describe('dotted keys name nested paths (both directions)', () => {
  const nested = { source: 'eum.social', detail: { message: { status: 'read', pricing: { billable: true } } } };
  const dotted = { source: 'eum.social', detail: { 'message.status': 'read', 'message.pricing.billable': true } };

  it.each([
    ['dotted pattern, nested event', { detail: { 'message.status': ['read'] } }, nested, true],
    ['dotted pattern (deep), nested event', { 'detail.message.pricing.billable': [true] }, nested, true],
    ['nested pattern, dotted event', { detail: { message: { status: ['read'] } } }, dotted, true],
    ['nested pattern (deep), dotted event', { detail: { message: { pricing: { billable: [true] } } } }, dotted, true],
    ['dotted pattern, dotted event', { 'detail.message.status': ['read'] }, dotted, true],
    ['mixed: dotted and nested fields of one object, both must hold', { detail: { 'message.status': ['read'], message: { pricing: { billable: [false] } } } }, nested, false],
    ['mixed event: nested and dotted siblings', { detail: { message: { status: ['read'], id: ['w1'] } } }, { detail: { message: { id: 'w1' }, 'message.status': 'read' } }, true],
    ['a different value still fails', { detail: { 'message.status': ['sent'] } }, nested, false],
    ['exists:false sees the dotted event key', { detail: { message: { status: [{ exists: false }] } } }, dotted, false],
  ])('%s', (_label, pattern, event, expected) => {
    expect(validatePattern(pattern)).toEqual([]);
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('a path given twice (dotted and nested) is refused naming it', () => {
    expect(validatePattern({ detail: { 'a.b': ['x'], a: { b: ['y'] } } })).toEqual([expect.stringMatching(/^detail\.a\.b: the same field path is given twice/)]);
  });

  it('keys with empty segments are ordinary keys', () => {
    expect(matchesPattern({ detail: { 'a..b': ['x'] } }, { detail: { 'a..b': 'x' } })).toBe(true);
  });
});

describe('wildcard complexity (EventBridge refuses "Rule is too complex")', () => {
  it("counts live wildcard prefixes as event-ruler does: *a*a*a* keeps 7 alive (event-ruler's own example)", () => {
    expect(wildcardComplexity(['*a*a*a*'], 1_000)).toBe(7);
    expect(wildcardComplexity(['*.png'], 1_000)).toBe(2);
  });

  it("refuses many wildcards separated by short literals, with EventBridge's message", () => {
    const problems = validatePattern({ detail: { key: [{ wildcard: '*a*a*a*a*a*' }] } });
    expect(problems).toEqual([`detail.key: ${TOO_COMPLEX_MESSAGE}`]);
    expect(() => matchesPattern({ detail: { key: [{ wildcard: '*a*a*a*a*a*' }] } }, { detail: { key: 'aaaaa' } })).toThrow(TOO_COMPLEX_MESSAGE);
  });

  it('pools the wildcards of one field: three *:stack/<name>/* are accepted, four refused (as observed on EventBridge)', () => {
    const stacks = (names: string[]) => ({ detail: { 'stack-id': names.map((n) => ({ wildcard: `*:stack/${n}/*` })) } });
    expect(validatePattern(stacks(['Alpha', 'Beta', 'Gamma']))).toEqual([]);
    expect(validatePattern(stacks(['Alpha', 'Beta', 'Gamma', 'Delta']))).toEqual([`detail.stack-id: ${TOO_COMPLEX_MESSAGE}`]);
    // Spread over two fields, the same wildcards are fine.
    expect(validatePattern({ detail: { a: [{ wildcard: '*:stack/A/*' }, { wildcard: '*:stack/B/*' }], b: [{ wildcard: '*:stack/C/*' }, { wildcard: '*:stack/D/*' }] } })).toEqual(
      [],
    );
  });

  it('counts anything-but wildcards and wildcards inside $or at the same field', () => {
    const w = (x: string) => ({ wildcard: `*${x}*${x}*` });
    expect(validatePattern({ $or: [{ f: [w('a'), w('b')] }, { f: [w('c'), { 'anything-but': { wildcard: ['*d*d*', '*e*e*'] } }] }] })).toEqual([`f: ${TOO_COMPLEX_MESSAGE}`]);
  });

  it('accepts the wildcards the project and the docs use', () => {
    for (const expr of ['Simple*Service', '*/bin/*.jar', 'arn:aws:states:us-east-1:111122223333:execution:xxx:yyy*', 'dir/*/file-*.png']) {
      expect(validatePattern({ f: [{ wildcard: expr }] })).toEqual([]);
    }
  });
});
