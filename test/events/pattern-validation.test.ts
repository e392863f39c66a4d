import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../events/pattern-matcher.js';

/**
 * Patterns EventBridge refuses (PutRule answers InvalidEventPatternException) are refused here too,
 * each with exactly one problem naming its path and the rule: a check that went missing would show
 * as a pattern accepted, or as another rule's message.
 */
const refusals: [string, unknown, string][] = [
  ['anything-but with two operator keys', { a: [{ 'anything-but': { prefix: 'x', suffix: 'y' } }] }, 'a[0].anything-but: unsupported anything-but operator ["prefix","suffix"]'],
  ['anything-but with an empty operator object', { a: [{ 'anything-but': {} }] }, 'a[0].anything-but: unsupported anything-but operator []'],
  [
    'anything-but prefix list with a number',
    { a: [{ 'anything-but': { prefix: ['x', 1] } }] },
    'a[0].anything-but.prefix: anything-but prefix must be a string or a list of strings',
  ],
  ['anything-but prefix a number', { a: [{ 'anything-but': { prefix: 5 } }] }, 'a[0].anything-but.prefix: anything-but prefix must be a string or a list of strings'],
  ['anything-but suffix an empty list', { a: [{ 'anything-but': { suffix: [] } }] }, 'a[0].anything-but.suffix: empty arrays are not allowed'],
  [
    'anything-but equals-ignore-case an empty list',
    { a: [{ 'anything-but': { 'equals-ignore-case': [] } }] },
    'a[0].anything-but.equals-ignore-case: empty arrays are not allowed',
  ],
  ['anything-but suffix an empty string', { a: [{ 'anything-but': { suffix: '' } }] }, 'a[0].anything-but.suffix: anything-but suffix must not be an empty string'],
  [
    'anything-but suffix list with an empty string',
    { a: [{ 'anything-but': { suffix: ['x', ''] } }] },
    'a[0].anything-but.suffix: anything-but suffix must not be an empty string',
  ],
  [
    'anything-but prefix list with an empty string',
    { a: [{ 'anything-but': { prefix: ['x', ''] } }] },
    'a[0].anything-but.prefix: anything-but prefix must not be an empty string',
  ],
  ['anything-but wildcard with consecutive stars', { a: [{ 'anything-but': { wildcard: 'a**b' } }] }, 'a[0].anything-but.wildcard: consecutive wildcard characters at position 2'],
  ['anything-but a list of booleans', { a: [{ 'anything-but': [true] }] }, 'a[0].anything-but: anything-but list must contain only strings or only numbers'],
  ['anything-but numbers and strings', { a: [{ 'anything-but': [1, 'x'] }] }, 'a[0].anything-but: anything-but list must contain only strings or only numbers'],
  ['anything-but a boolean', { a: [{ 'anything-but': true }] }, 'a[0].anything-but: anything-but must be a string, number, list or operator object'],
  [
    'a reserved name nested inside $or',
    { $or: [{ detail: { prefix: ['x'] } }, { b: ['y'] }] },
    '$or[0].detail.prefix: "prefix" is a reserved operator name and cannot be a field inside $or',
  ],
  ['$or with no alternative', { $or: [] }, '$or: $or must contain at least 2 objects'],
  ['an operator object without a key', { a: [{}] }, 'a[0]: operator object must have exactly one key, got []'],
  ['prefix equals-ignore-case a number', { a: [{ prefix: { 'equals-ignore-case': 5 } }] }, 'a[0].prefix: prefix must be a string or {"equals-ignore-case": string}'],
  [
    'suffix equals-ignore-case with another key',
    { a: [{ suffix: { 'equals-ignore-case': 'x', other: 1 } }] },
    'a[0].suffix: suffix must be a string or {"equals-ignore-case": string}',
  ],
  ['wildcard a number', { a: [{ wildcard: 5 }] }, 'a[0].wildcard: wildcard must be a string'],
  ['cidr a number', { a: [{ cidr: 5 }] }, 'a[0].cidr: cidr must be a string'],
  ['numeric not a list', { a: [{ numeric: 5 }] }, 'a[0].numeric: numeric must be an array'],
  ['numeric with three items', { a: [{ numeric: ['>', 1, '<'] }] }, 'a[0].numeric: numeric must contain one or two operator/number pairs'],
  ['an empty pattern', {}, '<root>: empty objects are not allowed'],
];

const OPERATOR_NAMES = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard'];

describe('validatePattern refuses what EventBridge refuses', () => {
  it.each(refusals)('%s', (_name, pattern, problem) => {
    expect(validatePattern(pattern)).toEqual([problem]);
    expect(() => matchesPattern(pattern, { a: 'x' })).toThrow(TypeError);
  });

  it.each(OPERATOR_NAMES)('"%s" is refused as a field name inside $or, and allowed outside it', (name) => {
    expect(validatePattern({ $or: [{ [name]: ['x'] }, { b: ['y'] }] })).toEqual([`$or[0].${name}: "${name}" is a reserved operator name and cannot be a field inside $or`]);
    expect(validatePattern({ [name]: ['x'] })).toEqual([]);
    expect(matchesPattern({ [name]: ['x'] }, { [name]: 'x' })).toBe(true);
  });

  it('accepts the valid neighbours of the refused forms', () => {
    for (const pattern of [
      { a: [{ 'anything-but': { prefix: 'x' } }] },
      { a: [{ 'anything-but': { suffix: ['x', 'y'] } }] },
      { a: [{ 'anything-but': { 'equals-ignore-case': ['X'] } }] },
      { a: [{ 'anything-but': { wildcard: ['a*b', 'c'] } }] },
      { a: [{ 'anything-but': [1, 2] }] },
      { a: [{ 'anything-but': 5 }] },
      { a: [{ prefix: { 'equals-ignore-case': 'x' } }] },
      { $or: [{ detail: { b: [{ prefix: 'x' }] } }, { c: ['y'] }] },
      { $or: [{ $or: [{ a: ['x'] }, { b: ['y'] }] }, { c: ['z'] }] },
    ])
      expect(validatePattern(pattern)).toEqual([]);
  });
});

describe('the anything-but operator forms match as EventBridge matches', () => {
  it.each([
    [{ 'anything-but': { prefix: ['init', 'pend'] } }, ['running', 'stopped'], ['initializing', 'pending']],
    [{ 'anything-but': { suffix: '.png' } }, ['a.jpg', 'png'], ['a.png']],
    [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'PENDING'] } }, ['running'], ['stopped', 'pending']],
    [{ 'anything-but': { wildcard: '*/lib/*' } }, ['dir/bin/x'], ['dir/lib/x']],
    [{ 'anything-but': [100, 200] }, [150, 'x'], [100, 200]],
    [{ prefix: { 'equals-ignore-case': 'EUM' } }, ['eum.social', 'Eum-x'], ['aws.eum']],
    [{ suffix: { 'equals-ignore-case': '.PNG' } }, ['a.png', 'b.PnG'], ['a.jpg']],
  ])('%j', (operator, matching, notMatching) => {
    for (const v of matching) expect(matchesPattern({ a: [operator] }, { a: v }), `${JSON.stringify(v)} should match`).toBe(true);
    for (const v of notMatching) expect(matchesPattern({ a: [operator] }, { a: v }), `${JSON.stringify(v)} should not match`).toBe(false);
    expect(matchesPattern({ a: [operator] }, { b: 'x' })).toBe(false);
  });
});
