import { afterAll, describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../events/pattern-matcher.js';
import { CASES, categoryOf, type ConformanceCase } from './pattern-matcher.cases.js';

const results = new Map<string, boolean>();

describe('EventBridge pattern matcher conformance', () => {
  afterAll(() => {
    const passed = [...results.values()].filter(Boolean).length;
    const total = CASES.length;
    const pct = total === 0 ? 0 : (passed / total) * 100;
    console.log(`EventBridge matcher conformance: ${passed}/${total} cases passed (${pct.toFixed(1)}%)`);
  });

  it('has a well-formed case table (unique names, sources, >= 120 cases)', () => {
    // Prepare
    const names = CASES.map((tc) => tc.name);
    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(CASES.length).toBeGreaterThanOrEqual(120);
    for (const tc of CASES) {
      expect(tc.source, tc.name).not.toBe('');
      expect(categoryOf(tc), tc.name).not.toBe('');
      expect(validatePattern(tc.pattern), tc.name).toEqual([]);
    }
  });

  it.for(CASES)('$name', (tc: ConformanceCase) => {
    // Prepare: JSON round-trip so the matcher only ever sees what an EventBridge payload can carry
    const pattern: unknown = JSON.parse(JSON.stringify(tc.pattern));
    const event: unknown = JSON.parse(JSON.stringify(tc.event));
    results.set(tc.name, false);
    // Act
    const actual = matchesPattern(pattern, event);
    // Assess
    expect(actual, `source: ${tc.source}`).toBe(tc.expected);
    results.set(tc.name, true);
  });
});

describe('validatePattern', () => {
  it('accepts every documented operator form', () => {
    // Prepare
    const pattern = {
      source: ['aws.ec2', null, 1, true, ''],
      detail: {
        a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'X' } }, { suffix: '.png' }, { suffix: { 'equals-ignore-case': '.PNG' } }],
        b: [{ 'equals-ignore-case': 'abc' }, { wildcard: 'a*b\\*c\\\\' }, { cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }],
        c: [{ numeric: ['=', 1] }, { numeric: ['>', 0, '<=', 5] }, { numeric: ['<', 10] }, { exists: true }, { exists: false }],
        d: [
          { 'anything-but': 'x' },
          { 'anything-but': 1 },
          { 'anything-but': ['x', 'y'] },
          { 'anything-but': [1, 2] },
          { 'anything-but': { prefix: 'p' } },
          { 'anything-but': { suffix: ['s', 't'] } },
          { 'anything-but': { 'equals-ignore-case': ['A', ''] } },
          { 'anything-but': { wildcard: ['*/lib/*', 'x'] } },
        ],
        $or: [{ e: ['1'] }, { f: { g: [{ exists: true }] }, $or: [{ h: [1] }, { i: [2] }] }],
      },
    };
    // Act
    const problems = validatePattern(pattern);
    // Assess
    expect(problems).toEqual([]);
  });

  it.for([
    { name: 'non-object pattern (array)', pattern: [1, 2, 3], expected: /must be a JSON object/ },
    { name: 'non-object pattern (string)', pattern: 'aws.ec2', expected: /must be a JSON object/ },
    { name: 'null pattern', pattern: null, expected: /must be a JSON object/ },
    { name: 'leaf value not in an array', pattern: { source: 'aws.ec2' }, expected: /source: must be an object or an array/ },
    { name: 'empty leaf array', pattern: { source: [] }, expected: /source: empty arrays are not allowed/ },
    { name: 'empty object', pattern: { detail: {} }, expected: /detail: empty objects are not allowed/ },
    { name: 'unknown operator', pattern: { a: [{ contains: 'x' }] }, expected: /unknown operator "contains"/ },
    { name: 'two keys in one operator object', pattern: { a: [{ prefix: 'x', suffix: 'y' }] }, expected: /exactly one key/ },
    { name: 'nested array in leaf', pattern: { a: [['x']] }, expected: /match value must be/ },
    { name: 'numeric without pairs', pattern: { a: [{ numeric: ['>'] }] }, expected: /one or two operator\/number pairs/ },
    { name: 'numeric with string operand', pattern: { a: [{ numeric: ['>', '5'] }] }, expected: /must be a number/ },
    { name: 'numeric unknown operator', pattern: { a: [{ numeric: ['!=', 5] }] }, expected: /unrecognized numeric operator/ },
    { name: 'numeric range upper bound first', pattern: { a: [{ numeric: ['<', 5, '>', 0] }] }, expected: /lower bound/ },
    { name: 'numeric empty range', pattern: { a: [{ numeric: ['>', 5, '<', 5] }] }, expected: /less than upper bound/ },
    { name: 'exists not boolean', pattern: { a: [{ exists: 'true' }] }, expected: /exists must be true or false/ },
    { name: 'prefix not a string', pattern: { a: [{ prefix: 3 }] }, expected: /prefix must be a string/ },
    { name: 'equals-ignore-case list', pattern: { a: [{ 'equals-ignore-case': ['abc'] }] }, expected: /equals-ignore-case must be a string/ },
    { name: 'anything-but mixed list', pattern: { a: [{ 'anything-but': ['x', 1] }] }, expected: /only strings or only numbers/ },
    { name: 'anything-but empty list', pattern: { a: [{ 'anything-but': [] }] }, expected: /empty arrays are not allowed/ },
    { name: 'anything-but null', pattern: { a: [{ 'anything-but': null }] }, expected: /anything-but must be/ },
    { name: 'anything-but unknown operator', pattern: { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, expected: /unsupported anything-but operator/ },
    { name: 'anything-but empty prefix', pattern: { a: [{ 'anything-but': { prefix: '' } }] }, expected: /must not be an empty string/ },
    { name: 'anything-but suffix numbers', pattern: { a: [{ 'anything-but': { suffix: [1] } }] }, expected: /list of strings/ },
    { name: 'wildcard consecutive stars', pattern: { a: [{ wildcard: 'foo**bar' }] }, expected: /consecutive wildcard/ },
    { name: 'wildcard bad escape', pattern: { a: [{ wildcard: 'foo\\bar' }] }, expected: /invalid escape/ },
    { name: 'anything-but wildcard trailing backslash', pattern: { a: [{ 'anything-but': { wildcard: ['1', 'foo*bar\\'] } }] }, expected: /invalid escape/ },
    { name: 'cidr malformed', pattern: { a: [{ cidr: 'foo' }] }, expected: /malformed CIDR/ },
    { name: 'cidr mask too large', pattern: { a: [{ cidr: '192.168.0.1/33' }] }, expected: /mask bits/ },
    { name: 'cidr IPv6 mask too large', pattern: { a: [{ cidr: '2400:6500:FF00::36FB:1F80/222' }] }, expected: /mask bits/ },
    { name: '$or not an array', pattern: { $or: { a: ['x'] } }, expected: /\$or must be an array/ },
    { name: '$or with one alternative', pattern: { $or: [{ a: ['x'] }] }, expected: /at least 2 objects/ },
    { name: '$or with non-object', pattern: { $or: [{ a: ['x'] }, 'b'] }, expected: /only objects are allowed/ },
    { name: 'reserved name inside $or', pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] }, expected: /reserved operator name/ },
  ])('rejects $name', ({ pattern, expected }) => {
    // Act
    const problems = validatePattern(pattern);
    // Assess
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('reports every problem with its path', () => {
    // Prepare
    const pattern = { detail: { a: [], b: [{ bogus: 1 }], c: { d: 'x' } } };
    // Act
    const problems = validatePattern(pattern);
    // Assess
    expect(problems).toEqual(['detail.a: empty arrays are not allowed', 'detail.b[0].bogus: unknown operator "bogus"', 'detail.c.d: must be an object or an array, got "x"']);
  });

  it('makes matchesPattern throw instead of silently not matching', () => {
    // Act + Assess
    expect(() => matchesPattern({ source: 'aws.ec2' }, { source: 'aws.ec2' })).toThrow(TypeError);
    expect(() => matchesPattern({ a: [{ numeric: ['>'] }] }, { a: 1 })).toThrow(/numeric/);
  });
});
