/**
 * Conformance cases for events/pattern-matcher.ts.
 *
 * Each case records where it came from:
 * - DOC_* : AWS EventBridge user guide pages (pattern examples; the event is the doc's example event or a
 *   minimal event exercising the documented rule, with a matching and a non-matching variant).
 * - RULER_*: aws/event-ruler (the matcher EventBridge uses) README and unit tests, commit 337e8d9.
 * - "edge": derived from the documented semantics to pin down an edge case; the `source` names the rule.
 */

export type ConformanceCase = {
  name: string;
  source: string;
  pattern: unknown;
  event: unknown;
  expected: boolean;
};

const DOCS = 'https://docs.aws.amazon.com/eventbridge/latest/userguide';
export const DOC_PATTERNS = `${DOCS}/eb-event-patterns.html`;
export const DOC_FILTERING = `${DOCS}/eb-event-patterns-content-based-filtering.html`;
export const DOC_OPERATORS = `${DOCS}/eb-create-pattern-operators.html`;
export const DOC_ARRAYS = `${DOCS}/eb-event-patterns-arrays.html`;
export const DOC_NULL = `${DOCS}/eb-event-patterns-null-values.html`;
const RULER = 'github.com/aws/event-ruler';
export const RULER_README = `${RULER}/README.md`;
export const RULER_TEST = `${RULER}/src/test/software/amazon/event/ruler/RulerTest.java`;
export const RULER_AC = `${RULER}/src/test/software/amazon/event/ruler/ACMachineTest.java`;
export const RULER_BYTEMACHINE = `${RULER}/src/main/software/amazon/event/ruler/ByteMachine.java`;
export const RULER_CIDR = `${RULER}/src/test/software/amazon/event/ruler/CIDRTest.java`;
export const RULER_CORRECTNESS = `${RULER}/src/test/resources/correctness-cases.json`;

/** Sample EC2 event from the EventBridge "Event patterns" page. */
const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** Sample event from the event-ruler README ("Ruler by Example"). */
const README_EVENT = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

/** Autoscaling event from the "null values and empty strings" page. */
const AUTOSCALING_EVENT = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

/** JSON_FROM_RFC in RulerTest. */
const RFC_EVENT = {
  Image: {
    Width: 800,
    Height: 600,
    Title: 'View from 15th Floor',
    Thumbnail: { Url: 'http://www.example.com/image/481989943', Height: 125, Width: 100 },
    Animated: false,
    IDs: [116, 943, 234, 38793],
  },
};

/** JSON_WITH_COMPLEX_ARRAYS in RulerTest. */
const EMPLOYEES_EVENT = {
  employees: [
    [
      { firstName: 'John', lastName: 'Doe', ids: [1234, 1000, 9999] },
      { firstName: 'Anna', lastName: 'Smith' },
    ],
    [{ firstName: 'Peter', lastName: 'Jones', ids: [] }],
  ],
};

const d = (detail: Record<string, unknown>) => ({ detail });
const c = (name: string, source: string, pattern: unknown, event: unknown, expected: boolean): ConformanceCase => ({ name, source, pattern, event, expected });
/** Cases that put one pattern (from one source) to several events. */
const onPattern = (source: string, pattern: unknown, events: [name: string, event: unknown, expected: boolean][]): ConformanceCase[] =>
  events.map(([name, event, expected]) => c(name, source, pattern, event, expected));

// ------------------------------------------------------------------------------------------- exact / structure
const exactCases: ConformanceCase[] = [
  c(
    'exact: doc EC2 termination pattern matches',
    DOC_PATTERNS,
    { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } },
    EC2_EVENT,
    true,
  ),
  c(
    'exact: doc EC2 termination pattern vs running instance',
    DOC_PATTERNS,
    { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } },
    { ...EC2_EVENT, detail: { ...EC2_EVENT.detail, state: 'running' } },
    false,
  ),
  c('exact: multiple values are OR (aws.ec2 or aws.fargate)', DOC_PATTERNS, { source: ['aws.ec2', 'aws.fargate'] }, EC2_EVENT, true),
  c('exact: multiple values, none equal', DOC_PATTERNS, { source: ['aws.s3', 'aws.fargate'] }, EC2_EVENT, false),
  c('exact: strings are case-sensitive', DOC_PATTERNS, { source: ['AWS.EC2'] }, EC2_EVENT, false),
  c('exact: field missing from event', DOC_PATTERNS, { detail: { 'missing-field': ['x'] } }, EC2_EVENT, false),
  c('exact: fields are ANDed, one differs', DOC_OPERATORS, { Location: ['New York'], Day: ['Monday'] }, { Location: 'New York', Day: 'Tuesday' }, false),
  c('exact: fields are ANDed, both equal', DOC_OPERATORS, { Location: ['New York'], Day: ['Monday'] }, { Location: 'New York', Day: 'Monday' }, true),
  c(
    'exact: nested numeric values (Macie severity/count)',
    DOC_PATTERNS,
    { source: ['aws.macie'], detail: { severity: { score: [1] }, count: [2] } },
    { source: 'aws.macie', detail: { severity: { score: 1, description: 'Low' }, count: 2 } },
    true,
  ),
  c(
    'exact: nested numeric value differs',
    DOC_PATTERNS,
    { source: ['aws.macie'], detail: { severity: { score: [1] }, count: [2] } },
    { source: 'aws.macie', detail: { severity: { score: 3 }, count: 2 } },
    false,
  ),
  // EventBridge flattens event and pattern keys into dotted paths (issue 15): a dotted key is the nested path.
  c('exact: a dotted event key is the nested path (keys are flattened)', RULER + ' flattening', { detail: { state: ['running'] } }, { 'detail.state': 'running' }, true),
  c('exact: pattern object vs primitive event value', 'edge: ' + DOC_PATTERNS, { detail: { state: ['running'] } }, { detail: 'running' }, false),
  c(
    'exact: number 300 matches 300.0 (numeric equality)',
    'edge: ' + RULER + '/JsonRuleCompiler.java numericEquals',
    { detail: { limit: [300] } },
    JSON.parse('{"detail":{"limit":300.0}}'),
    true,
  ),
  c('exact: number 3.0e2 matches 300', 'edge: ' + RULER + '/JsonRuleCompiler.java numericEquals', { detail: { limit: [3.0e2] } }, d({ limit: 300 }), true),
  c('exact: number does not match numeric string', RULER_TEST + ' WHEN_WeTryReallySimpleRules', { a: [1] }, { a: '1' }, false),
  c('exact: string does not match number', 'edge: ' + DOC_PATTERNS, { a: ['1'] }, { a: 1 }, false),
  c('exact: number does not match boolean', RULER_TEST + ' WHEN_WeTryReallySimpleRules', { x: [1] }, { x: true }, false),
  c('exact: boolean false matches', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Animated: [false] } }, RFC_EVENT, true),
  c('exact: boolean true does not match false', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Animated: [true] } }, RFC_EVENT, false),
  c('exact: boolean does not match string "false"', 'edge: ' + DOC_PATTERNS, { a: [false] }, { a: 'false' }, false),
  c(
    'exact: RFC nested fields with OR list',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    { Image: { Width: [800], Thumbnail: { Height: [125, 300] } } },
    RFC_EVENT,
    true,
  ),
  c('exact: envelope account field', DOC_PATTERNS, { account: ['111122223333'] }, EC2_EVENT, true),
  c('exact: envelope region differs', DOC_PATTERNS, { region: ['us-east-1'] }, EC2_EVENT, false),
  c('exact: unicode string', 'edge: ' + DOC_PATTERNS, { name: ['Zoë ✓'] }, { name: 'Zoë ✓' }, true),
];

// ------------------------------------------------------------------------------------------- null / empty
const nullCases: ConformanceCase[] = [
  c('null: [null] matches JSON null', DOC_NULL, { detail: { responseElements: [null] } }, AUTOSCALING_EVENT, true),
  c(
    'null: doc autoscaling pattern with null',
    DOC_PATTERNS,
    { source: ['aws.autoscaling'], 'detail-type': ['EC2 Instance Launch Successful'], detail: { responseElements: [null] } },
    AUTOSCALING_EVENT,
    true,
  ),
  c('null: [null] does not match missing field', 'edge: ' + DOC_NULL, { detail: { other: [null] } }, AUTOSCALING_EVENT, false),
  c('null: [null] does not match empty string', DOC_NULL, { detail: { eventVersion: [null] } }, AUTOSCALING_EVENT, false),
  c('null: [""] matches empty string', DOC_NULL, { detail: { eventVersion: [''] } }, AUTOSCALING_EVENT, true),
  c('null: [""] does not match null', DOC_NULL, { detail: { responseElements: [''] } }, AUTOSCALING_EVENT, false),
  c('null: [""] does not match non-empty string', DOC_OPERATORS, { LastName: [''] }, { LastName: 'Doe' }, false),
  c('null: [""] does not match missing field', 'edge: ' + DOC_OPERATORS, { LastName: [''] }, { FirstName: 'Jo' }, false),
  c('null: [null] does not match string "null"', 'edge: ' + DOC_NULL, { a: [null] }, { a: 'null' }, false),
  c('null: [null] matches null element inside event array', 'edge: ' + DOC_ARRAYS, { a: [null] }, { a: ['x', null] }, true),
];

// ------------------------------------------------------------------------------------------- arrays
const arrayCases: ConformanceCase[] = [
  c(
    'array: doc resources intersection non-empty',
    DOC_ARRAYS,
    {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    true,
  ),
  c(
    'array: doc resources intersection empty',
    DOC_ARRAYS,
    { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] },
    false,
  ),
  c('array: scalar pattern vs event array (RFC IDs)', 'edge: ' + DOC_ARRAYS, { Image: { IDs: [943] } }, RFC_EVENT, true),
  c('array: empty event array matches nothing', 'edge: ' + DOC_ARRAYS, { resources: ['x'] }, AUTOSCALING_EVENT, false),
  c('array: primitive array exact match', RULER_CORRECTNESS + ' "primarray: exact match"', { tags: ['admin'] }, { tags: ['user', 'admin'] }, true),
  c('array: primitive array no match', RULER_CORRECTNESS + ' "primarray: no match"', { tags: ['superadmin'] }, { tags: ['user', 'admin'] }, false),
  c('array: nested arrays are flattened', RULER_README + ' JSON Array Matching', { a: ['deep'] }, { a: [['x'], [['deep']]] }, true),
  c('array: array of objects crushed into parent field', RULER_README + ' JSON Array Matching', { employees: { firstName: ['Anna'] } }, EMPLOYEES_EVENT, true),
  c('array: array of objects, value absent', RULER_TEST + ' WHEN_JSONContainsArrays', { employees: { firstName: ['Alice'] } }, EMPLOYEES_EVENT, false),
  c('array: array-consistent, fields in same element', RULER_TEST + ' WHEN_JSONContainsArrays', { employees: { firstName: ['John'], ids: [1000] } }, EMPLOYEES_EVENT, true),
  c(
    'array: array-consistent, fields in different elements',
    RULER_README + ' JSON Array Matching (rulesForJSONEvent)',
    { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    EMPLOYEES_EVENT,
    false,
  ),
  c('array: array-consistent, Anna has no ids', RULER_TEST + ' WHEN_JSONContainsArrays', { employees: { firstName: ['Anna'], ids: [1000] } }, EMPLOYEES_EVENT, false),
  c('array: leaf pattern vs array of objects', RULER_TEST + ' WHEN_JSONContainsArrays', { employees: ['b'] }, EMPLOYEES_EVENT, false),
  c(
    'array: objarray exact, same element',
    RULER_CORRECTNESS + ' "objarray: exact same elem"',
    { d: { name: ['alice'], status: ['active'] } },
    { d: [{ name: 'alice', status: 'active' }] },
    true,
  ),
  c(
    'array: objarray exact, split across elements',
    RULER_CORRECTNESS + ' "objarray: exact split"',
    { d: { name: ['alice'], status: ['active'] } },
    { d: [{ name: 'alice' }, { status: 'active' }] },
    false,
  ),
  c(
    'array: objarray 3 elements, last one complete',
    RULER_CORRECTNESS + ' "objarray: 3 elem, last valid"',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: [{ a: 1 }, { b: 2 }, { a: 3, b: 4 }] },
    true,
  ),
  c('array: top-level pattern field vs array in nested object', RULER_README, { detail: { tags: { key: ['env'] } } }, d({ tags: [{ key: 'team' }, { key: 'env' }] }), true),
];

// ------------------------------------------------------------------------------------------- prefix
const prefixCases: ConformanceCase[] = [
  c('prefix: doc time prefix matches', DOC_FILTERING, { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' }, true),
  c('prefix: doc time prefix does not match', DOC_FILTERING, { time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' }, false),
  c('prefix: Region in the US', DOC_OPERATORS, { Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }, true),
  c('prefix: Region not in the US', DOC_OPERATORS, { Region: [{ prefix: 'us-' }] }, { Region: 'eu-west-1' }, false),
  c('prefix: is case-sensitive', 'edge: ' + DOC_FILTERING, { Region: [{ prefix: 'US-' }] }, { Region: 'us-east-1' }, false),
  c('prefix: only works on strings (number value)', DOC_FILTERING, { a: [{ prefix: '12' }] }, { a: 123 }, false),
  c('prefix: empty prefix matches any string', 'edge: ' + DOC_FILTERING, { source: [{ prefix: '' }] }, EC2_EVENT, true),
  c('prefix: empty prefix does not match missing field', 'edge: ' + DOC_FILTERING, { nope: [{ prefix: '' }] }, EC2_EVENT, false),
  c('prefix: any element of event array', 'edge: ' + DOC_ARRAYS, { r: [{ prefix: 'arn:aws:s3' }] }, { r: ['arn:aws:ec2:x', 'arn:aws:s3:::b'] }, true),
  c('prefix: RFC Thumbnail Url http', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Thumbnail: { Url: [{ prefix: 'http' }] } } }, RFC_EVENT, true),
  c('prefix: RFC Thumbnail Url https', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Thumbnail: { Url: [{ prefix: 'https' }] } } }, RFC_EVENT, false),
  c(
    'prefix equals-ignore-case: doc EventB matches eventbridge',
    DOC_FILTERING,
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    d({ service: 'eventbridge' }),
    true,
  ),
  c(
    'prefix equals-ignore-case: doc EventB matches EVENTBRIDGE',
    DOC_FILTERING,
    { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    d({ service: 'EVENTBRIDGE' }),
    true,
  ),
  c('prefix equals-ignore-case: different prefix', DOC_FILTERING, { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, d({ service: 'lambda' }), false),
  c(
    'prefix equals-ignore-case: Ruler RuNn on running',
    RULER_TEST + ' WHEN_RulesFromReadmeAreTried',
    { detail: { state: [{ prefix: { 'equals-ignore-case': 'RuNn' } }] } },
    README_EVENT,
    true,
  ),
];

// ------------------------------------------------------------------------------------------- suffix
const suffixCases: ConformanceCase[] = [
  c('suffix: doc .png matches', DOC_FILTERING, { FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }, true),
  c('suffix: doc .png does not match .jpg', DOC_FILTERING, { FileName: [{ suffix: '.png' }] }, { FileName: 'image.jpg' }, false),
  c('suffix: is case-sensitive', 'edge: ' + DOC_FILTERING, { FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' }, false),
  c('suffix: only works on strings (number value)', DOC_FILTERING, { a: [{ suffix: '3' }] }, { a: 123 }, false),
  c('suffix: Ruler "ning" on running', RULER_TEST + ' WHEN_RulesFromReadmeAreTried', { detail: { state: [{ suffix: 'ning' }] } }, README_EVENT, true),
  c('suffix: Ruler "loor" on RFC title', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Title: [{ suffix: 'loor' }] } }, RFC_EVENT, true),
  c(
    'suffix equals-ignore-case: doc .png matches .PNG',
    DOC_FILTERING,
    { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    d({ FileName: 'photo.PNG' }),
    true,
  ),
  c('suffix equals-ignore-case: doc .png vs .gif', DOC_FILTERING, { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, d({ FileName: 'photo.gif' }), false),
  c('suffix equals-ignore-case: tbridge matches EVENTBRIDGE', DOC_OPERATORS, { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] }, { service: 'EVENTBRIDGE' }, true),
  c(
    'suffix equals-ignore-case: Ruler LoOr on RFC title',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    { Image: { Title: [{ suffix: { 'equals-ignore-case': 'LoOr' } }] } },
    RFC_EVENT,
    true,
  ),
];

// ------------------------------------------------------------------------------------------- equals-ignore-case
const ignoreCaseCases: ConformanceCase[] = [
  c('equals-ignore-case: doc detail-type lower-case', DOC_FILTERING, { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, EC2_EVENT, true),
  c('equals-ignore-case: doc Name alice matches Alice', DOC_OPERATORS, { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' }, true),
  c('equals-ignore-case: is not a prefix match', DOC_OPERATORS, { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' }, false),
  c(
    'equals-ignore-case: Ruler all three fields match',
    RULER_TEST + ' WHEN_WeTryEqualsIgnoreCaseRules',
    { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    { a: 'ABC', b: 'def', c: 'xYz', d: 'rst' },
    true,
  ),
  c(
    'equals-ignore-case: Ruler one field is defx',
    RULER_TEST + ' WHEN_WeTryEqualsIgnoreCaseRules',
    { a: [{ 'equals-ignore-case': 'aBc' }], b: [{ 'equals-ignore-case': 'Def' }], c: [{ 'equals-ignore-case': 'xyZ' }] },
    { a: 'ABC', b: 'defx', c: 'xYz', d: 'rst' },
    false,
  ),
  c('equals-ignore-case: only works on strings', DOC_FILTERING, { a: [{ 'equals-ignore-case': 'true' }] }, { a: true }, false),
  c('equals-ignore-case: non-ASCII letters', 'edge: ' + DOC_FILTERING, { a: [{ 'equals-ignore-case': 'ÉCOLE' }] }, { a: 'école' }, true),
];

// ------------------------------------------------------------------------------------------- anything-but
const AB_RULE = {
  a: [{ 'anything-but': ['dad0', 'dad1', 'dad2'] }],
  b: [{ 'anything-but': [111, 222, 333] }],
  c: [{ 'anything-but': 'zdd' }],
  d: [{ 'anything-but': 444 }],
  z: [{ numeric: ['>', 0, '<', 1] }],
  w: [{ 'anything-but': { prefix: 'zax' } }],
  n: [{ 'anything-but': { suffix: 'ing' } }],
  o: [{ 'anything-but': { 'equals-ignore-case': 'CamelCase' } }],
  p: [{ 'anything-but': { 'equals-ignore-case': ['CamelCase', 'AbC'] } }],
};
const AB_BASE = { a: 'child1', b: '444', c: 'child1', d: 123, w: 'xaz', z: 0.001, n: 'nomatch', o: 'nomatch', p: 'nomatch' };
const abSrc = RULER_TEST + ' WHEN_WeTryAnythingButRules';
const anythingButCases: ConformanceCase[] = [
  c('anything-but: Ruler combined rule, all allowed (numeric list vs string "444")', abSrc, AB_RULE, AB_BASE, true),
  c('anything-but: Ruler c is the excluded "zdd"', abSrc, AB_RULE, { ...AB_BASE, a: 'dad789', b: 789, c: 'zdd' }, false),
  c('anything-but: Ruler a in excluded list', abSrc, AB_RULE, { ...AB_BASE, a: 'dad1', b: 345 }, false),
  c('anything-but: Ruler b in excluded number list', abSrc, AB_RULE, { ...AB_BASE, a: 'abc', b: 111 }, false),
  c('anything-but: Ruler d equals excluded 444', abSrc, AB_RULE, { ...AB_BASE, a: 'abc', b: 0, d: 444, z: 0.999999 }, false),
  c('anything-but: Ruler w has excluded prefix zax', abSrc, AB_RULE, { ...AB_BASE, w: 'zaxonie' }, false),
  c('anything-but: Ruler n has excluded suffix ing', abSrc, AB_RULE, { ...AB_BASE, n: 'matching' }, false),
  c('anything-but: Ruler o equals CamelCase ignoring case', abSrc, AB_RULE, { ...AB_BASE, o: 'camelcase' }, false),
  c('anything-but: Ruler p equals abc ignoring case', abSrc, AB_RULE, { ...AB_BASE, p: 'abc' }, false),
  c('anything-but: doc state initializing excluded', DOC_FILTERING, { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ state: 'initializing' }), false),
  c('anything-but: doc state running allowed', DOC_FILTERING, { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ state: 'running' }), true),
  c('anything-but: doc x-limit 123 excluded', DOC_FILTERING, { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, d({ 'x-limit': 123 }), false),
  c('anything-but: doc x-limit 124 allowed', DOC_FILTERING, { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, d({ 'x-limit': 124 }), true),
  c(
    'anything-but: numeric compares numerically (123.0)',
    'edge: ' + RULER + '/JsonRuleCompiler.java ComparableNumber',
    { a: [{ 'anything-but': 123 }] },
    JSON.parse('{"a":123.0}'),
    false,
  ),
  c('anything-but: doc string list, stopped excluded', DOC_FILTERING, { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, d({ state: 'stopped' }), false),
  c('anything-but: doc string list, pending allowed', DOC_FILTERING, { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, d({ state: 'pending' }), true),
  c('anything-but: doc number list, 200 excluded', DOC_FILTERING, { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, d({ 'x-limit': 200 }), false),
  c(
    'anything-but: doc number list, 301.8 allowed (README event)',
    RULER_README + ' Complex example',
    { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    README_EVENT,
    true,
  ),
  c('anything-but: does not match a missing field', 'edge: ' + DOC_FILTERING, { detail: { state: [{ 'anything-but': 'initializing' }] } }, d({ other: 'x' }), false),
  c('anything-but: Weather not Raining (list form)', DOC_PATTERNS, { Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' }, true),
  c('anything-but: string exclusion matches a number value', RULER_BYTEMACHINE + ' (type mismatch never excluded)', { a: [{ 'anything-but': '5' }] }, { a: 5 }, true),
  c('anything-but: string exclusion matches null value', RULER_BYTEMACHINE + ' (type mismatch never excluded)', { a: [{ 'anything-but': 'x' }] }, { a: null }, true),
  c('anything-but: array, every element excluded', 'edge: ' + DOC_ARRAYS, { a: [{ 'anything-but': ['x', 'y'] }] }, { a: ['x', 'y'] }, false),
  c('anything-but: array, one element not excluded', 'edge: ' + DOC_ARRAYS + ' (per-element, as event-ruler)', { a: [{ 'anything-but': 'x' }] }, { a: ['x', 'z'] }, true),
  c('anything-but: empty event array (no values) does not match', 'edge: ' + DOC_ARRAYS, { a: [{ 'anything-but': 'x' }] }, { a: [] }, false),
  c('anything-but: object-valued field (not a leaf)', 'edge: ' + DOC_FILTERING, { a: [{ 'anything-but': 'x' }] }, { a: { b: 'y' } }, false),
  c(
    'anything-but: two anything-buts on one field are ORed',
    RULER_AC + ' (anything-but a | anything-but b)',
    { bar: [{ 'anything-but': 'a' }, { 'anything-but': 'b' }] },
    { bar: 'b' },
    true,
  ),
  c('anything-but prefix: doc init excluded', DOC_FILTERING, { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, d({ state: 'initializing' }), false),
  c('anything-but prefix: doc running allowed', RULER_TEST + ' WHEN_RulesFromReadmeAreTried', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, README_EVENT, true),
  c('anything-but prefix: Region not in the US (eu)', DOC_OPERATORS, { Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'eu-west-1' }, true),
  c(
    'anything-but prefix: list',
    RULER_README + ' Anything-but prefix list',
    { detail: { state: [{ 'anything-but': { prefix: ['init', 'error'] } }] } },
    d({ state: 'error-42' }),
    false,
  ),
  c('anything-but prefix: is case-sensitive', 'edge: ' + DOC_FILTERING, { Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'US-EAST-1' }, true),
  c('anything-but prefix: number value is never excluded', RULER_BYTEMACHINE, { a: [{ 'anything-but': { prefix: '1' } }] }, { a: 123 }, true),
  c('anything-but suffix: doc .png excluded', DOC_OPERATORS, { FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' }, false),
  c('anything-but suffix: doc .jpg allowed', DOC_OPERATORS, { FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.jpg' }, true),
  c(
    'anything-but suffix: list',
    RULER_README + ' Anything-but suffix list',
    { detail: { 'instance-id': [{ 'anything-but': { suffix: ['1234', '6789'] } }] } },
    d({ 'instance-id': 'i-6789' }),
    false,
  ),
  c(
    'anything-but equals-ignore-case: INITIALIZING excluded',
    DOC_OPERATORS,
    { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    { state: 'INITIALIZING' },
    false,
  ),
  c('anything-but equals-ignore-case: running allowed', DOC_OPERATORS, { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, { state: 'running' }, true),
  c(
    'anything-but equals-ignore-case: list',
    RULER_README + ' Anything-but-ignore-case list',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } },
    d({ state: 'overloaded' }),
    false,
  ),
  c('anything-but wildcard: path with /lib/ excluded', DOC_OPERATORS, { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/x.so' }, false),
  c('anything-but wildcard: path without /lib/ allowed', DOC_OPERATORS, { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/x' }, true),
  c(
    'anything-but wildcard: list, .class excluded',
    RULER_README + ' Anything-but wildcard list',
    { detail: { state: [{ 'anything-but': { wildcard: ['*/bin/*.jar', '*/bin/*.class'] } }] } },
    d({ state: '/app/bin/Main.class' }),
    false,
  ),
  c(
    'anything-but wildcard: list, .war allowed',
    RULER_README + ' Anything-but wildcard list',
    { detail: { state: [{ 'anything-but': { wildcard: ['*/bin/*.jar', '*/bin/*.class'] } }] } },
    d({ state: '/app/bin/Main.war' }),
    true,
  ),
];

// ------------------------------------------------------------------------------------------- numeric
const numericCases: ConformanceCase[] = [
  c(
    'numeric: doc c-count/d-count/x-limit all satisfied',
    DOC_FILTERING,
    { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    README_EVENT,
    true,
  ),
  c(
    'numeric: doc c-count 6 out of range',
    DOC_FILTERING,
    { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
    { detail: { ...README_EVENT.detail, 'c-count': 6 } },
    false,
  ),
  c('numeric: range upper bound inclusive (5)', DOC_FILTERING, { a: [{ numeric: ['>', 0, '<=', 5] }] }, { a: 5 }, true),
  c('numeric: range lower bound exclusive (0)', DOC_FILTERING, { a: [{ numeric: ['>', 0, '<=', 5] }] }, { a: 0 }, false),
  c('numeric: Price equals 100', DOC_PATTERNS, { Price: [{ numeric: ['=', 100] }] }, { Price: 100 }, true),
  c('numeric: Price equals 100 vs 100.5', DOC_PATTERNS, { Price: [{ numeric: ['=', 100] }] }, { Price: 100.5 }, false),
  c('numeric: Price > 10 and <= 20 (20)', DOC_PATTERNS, { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }, true),
  c('numeric: Price > 10 and <= 20 (10)', DOC_PATTERNS, { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 10 }, false),
  c(
    'numeric: >= inclusive',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    { Image: { Thumbnail: { Width: [{ numeric: ['>=', 99.999, '<=', 100] }] } } },
    RFC_EVENT,
    true,
  ),
  c(
    'numeric: >= 100.00001 excludes 100',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    { Image: { Thumbnail: { Width: [{ numeric: ['>=', 100.00001, '<=', 1001] }] } } },
    RFC_EVENT,
    false,
  ),
  c(
    'numeric: open range (124,125) excludes 125',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    { Image: { Thumbnail: { Height: [{ numeric: ['>', 124, '<', 125] }] } } },
    RFC_EVENT,
    false,
  ),
  c('numeric: < 800 excludes 800', RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos', { Image: { Width: [{ numeric: ['<', 800] }] } }, RFC_EVENT, false),
  c('numeric: negative and fractional values', 'edge: ' + DOC_FILTERING, { t: [{ numeric: ['>=', -10.5, '<', 0] }] }, { t: -0.000001 }, true),
  c('numeric: only matches JSON numbers (numeric string)', DOC_FILTERING, { a: [{ numeric: ['>', 0] }] }, { a: '5' }, false),
  c('numeric: boolean is not a number', DOC_FILTERING, { a: [{ numeric: ['>=', 0] }] }, { a: true }, false),
  c('numeric: null is not a number', DOC_FILTERING, { a: [{ numeric: ['<', 1] }] }, { a: null }, false),
  c('numeric: missing field', 'edge: ' + DOC_FILTERING, { a: [{ numeric: ['<', 1] }] }, { b: 0 }, false),
  c('numeric: any element of event array in range', 'edge: ' + DOC_ARRAYS, { a: [{ numeric: ['>', 100] }] }, { a: [1, 'x', 150] }, true),
  c('numeric: no element of event array in range', 'edge: ' + DOC_ARRAYS, { a: [{ numeric: ['>', 100] }] }, { a: [1, 2, 3] }, false),
  c('numeric: = with exponent notation (3.018e2)', DOC_FILTERING, { x: [{ numeric: ['=', 3.018e2] }] }, { x: 301.8 }, true),
];

// ------------------------------------------------------------------------------------------- exists
const existsCases: ConformanceCase[] = [
  c(
    'exists true: doc detail.state present',
    DOC_FILTERING,
    { detail: { state: [{ exists: true }] } },
    { ...EC2_EVENT, detail: { 'instance-id': 'i-abcd1111', state: 'pending' } },
    true,
  ),
  c(
    'exists true: doc detail.state absent (c-count object)',
    DOC_FILTERING,
    { detail: { state: [{ exists: true }] } },
    { 'detail-type': ['EC2 Instance State-change Notification'], detail: { 'c-count': { c1: 100 } } },
    false,
  ),
  c('exists false: README field absent', RULER_README + ' Exists matching', { detail: { 'c-count': [{ exists: false }] } }, EC2_EVENT, true),
  c(
    'exists false: README field is an object (not a leaf)',
    RULER_README + ' Exists matching',
    { detail: { 'c-count': [{ exists: false }] } },
    d({ state: 'running', 'c-count': { c1: 100 } }),
    true,
  ),
  c(
    'exists true: object-valued field is not a leaf',
    RULER_README + ' Exists matching (leaf nodes only)',
    { detail: { 'c-count': [{ exists: true }] } },
    d({ 'c-count': { c1: 100 } }),
    false,
  ),
  c('exists false: field present', RULER_TEST + ' WHEN_WeTryToMatchExistsRules', { x: [{ exists: false }] }, { x: 'X' }, false),
  c('exists true: field absent', RULER_TEST + ' WHEN_WeTryToMatchExistsRules', { x: [{ exists: true }] }, { a: 1 }, false),
  c('exists false: other field present', RULER_TEST + ' WHEN_WeTryToMatchExistsRules', { b: [{ exists: false }] }, { a: 1 }, true),
  c('exists true: null value counts as present', 'edge: ' + DOC_NULL, { detail: { responseElements: [{ exists: true }] } }, AUTOSCALING_EVENT, true),
  c('exists true: empty string counts as present', 'edge: ' + DOC_NULL, { detail: { eventVersion: [{ exists: true }] } }, AUTOSCALING_EVENT, true),
  c('exists false: null value is present', 'edge: ' + DOC_NULL, { detail: { responseElements: [{ exists: false }] } }, AUTOSCALING_EVENT, false),
  c('exists true: empty event array has no leaf values', 'edge: ' + RULER_README + ' (arrays are flattened)', { resources: [{ exists: true }] }, AUTOSCALING_EVENT, false),
  c('exists false: empty event array has no leaf values', 'edge: ' + RULER_README + ' (arrays are flattened)', { resources: [{ exists: false }] }, AUTOSCALING_EVENT, true),
  c(
    'exists true: non-empty primitive array',
    RULER_CORRECTNESS + ' "primarray: exists"',
    { d: { tags: [{ exists: true }], name: [{ exists: true }] } },
    { d: { tags: ['a', 'b'], name: 'x' } },
    true,
  ),
  c(
    'exists true: both fields present',
    RULER_CORRECTNESS + ' "flat: 2-field exists, both present"',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: { a: 1, b: 2 } },
    true,
  ),
  c(
    'exists true: one of two fields missing',
    RULER_CORRECTNESS + ' "flat: 2-field exists, one missing"',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: { a: 1 } },
    false,
  ),
  c(
    'exists true: objarray fields split across elements',
    RULER_CORRECTNESS + ' "objarray: split" (array-consistent)',
    { d: { a: [{ exists: true }], b: [{ exists: true }] } },
    { d: [{ a: 1 }, { b: 2 }] },
    false,
  ),
  c('exists false: under a missing parent object', RULER_AC + ' testACWithExistFalseRule', { detail: { parent: { child: [{ exists: false }] } } }, d({ other: 1 }), true),
  c(
    'exists false: array-consistent with sibling field (Anna has no ids)',
    RULER_TEST + ' WHEN_JSONContainsArrays',
    { employees: { firstName: ['Anna'], ids: [{ exists: false }] } },
    EMPLOYEES_EVENT,
    true,
  ),
  c(
    'exists true: array-consistent with sibling field (Anna has no ids)',
    RULER_TEST + ' WHEN_JSONContainsArrays',
    { employees: { firstName: ['Anna'], ids: [{ exists: true }] } },
    EMPLOYEES_EVENT,
    false,
  ),
  ...onPattern(
    RULER_AC + ' testACWithExistFalseRule',
    {
      requestContext: {
        taskInstances: {
          taskInstanceState: ['ACTIVE'],
          resources: { additionalContext: { capabilityInterfaces: { interfaceName: [{ exists: false }] } } },
        },
      },
    },
    [
      [
        'exists false: ACMachine element 0 lacks interfaceName',
        {
          requestContext: {
            taskInstances: [
              { taskInstanceState: 'ACTIVE', resources: [{ legacyFocusCategory: 'XXXXXFocus' }] },
              { taskInstanceState: 'InACTIVE', resources: [{ additionalContext: { capabilityInterfaces: [{ interfaceName: 'Dummy' }] } }] },
            ],
          },
        },
        true,
      ],
      [
        'exists false: ACMachine active element has interfaceName',
        {
          requestContext: {
            taskInstances: [
              { taskInstanceState: 'ACTIVE', resources: [{ additionalContext: { capabilityInterfaces: [{ interfaceName: 'X.Y' }] } }] },
              { taskInstanceState: 'InACTIVE', resources: [{ additionalContext: { capabilityInterfaces: [{ interfaceName: 'X.Y' }] } }] },
            ],
          },
        },
        false,
      ],
    ],
  ),
  c(
    'exists: exists:false OR value in one field',
    RULER_AC + ' testExistsFalseNameStateSharedWithSpecificValueMatch',
    { foo: ['b'], bar: [{ exists: false }, '1'] },
    { foo: 'b', bar: '1' },
    true,
  ),
];

// ------------------------------------------------------------------------------------------- cidr
const cidrCases: ConformanceCase[] = [
  c('cidr: doc 10.0.0.0/24 matches 10.0.0.123', DOC_FILTERING, { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: '10.0.0.123' }), true),
  c('cidr: doc 10.0.0.0/24 vs 10.0.1.1', DOC_FILTERING, { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, d({ sourceIPAddress: '10.0.1.1' }), false),
  c('cidr: README 10.0.0.0/8 matches 10.0.0.33', RULER_TEST + ' WHEN_RulesFromReadmeAreTried', { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } }, README_EVENT, true),
  c('cidr: range bounds inclusive (broadcast address)', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '192.168.0.0/16' }] }, { ip: '192.168.255.255' }, true),
  c('cidr: /0 matches any IPv4', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '203.0.113.9' }, true),
  c('cidr: host bits in pattern are masked', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '10.1.2.3/16' }] }, { ip: '10.1.200.7' }, true),
  c('cidr: IPv6 2001:db8::/32 matches', DOC_FILTERING + ' (IPv6)', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8::ff00:42:8329' }, true),
  c('cidr: IPv6 2001:db8::/32 vs 2001:db9::1', DOC_FILTERING + ' (IPv6)', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }, false),
  c('cidr: IPv6 uppercase and full form', RULER_CIDR, { ip: [{ cidr: '2400:6500:FF00::/48' }] }, { ip: '2400:6500:ff00:0000:0000:0000:36fb:1f80' }, true),
  c('cidr: IPv6 ::1 loopback in ::/127', RULER_CIDR, { ip: [{ cidr: '::/127' }] }, { ip: '::1' }, true),
  c('cidr: IPv4 address does not match IPv6 range', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '::/1' }] }, { ip: '10.0.0.1' }, false),
  c('cidr: non-IP string', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'not-an-ip' }, false),
  c('cidr: invalid octet 700 in event', RULER_CIDR, { ip: [{ cidr: '0.0.0.0/1' }] }, { ip: '700.168.0.1' }, false),
  c('cidr: numeric event value', 'edge: ' + RULER_CIDR, { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 10 }, false),
];

// ------------------------------------------------------------------------------------------- wildcard
const wcSrc = RULER_TEST + ' WHEN_WeTryWildcardRules';
const WC_RULE = { a: [{ wildcard: '*bc' }], b: [{ wildcard: 'd*f' }], c: [{ wildcard: 'xy*' }], d: [{ wildcard: 'xy*' }] };
const wildcardCases: ConformanceCase[] = [
  c('wildcard: Ruler all four fields match', wcSrc, WC_RULE, { a: 'abcbc', b: 'deeeef', c: 'xy', d: 'xyzzz' }, true),
  c('wildcard: Ruler d*f vs deeeefx', wcSrc, WC_RULE, { a: 'abcbc', b: 'deeeefx', c: 'xy', d: 'xyzzz' }, false),
  c('wildcard: Ruler missing field c', wcSrc, WC_RULE, { a: 'abcbc', b: 'deeeef', d: 'xyzzz' }, false),
  c('wildcard: README Simple*Service', RULER_README + ' Wildcard matching', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleNotificationService' }, true),
  c('wildcard: * matches empty run', RULER_README + ' Wildcard matching', { source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleService' }, true),
  c(
    'wildcard: blog *.png',
    'https://aws.amazon.com/blogs/compute/filtering-events-in-amazon-eventbridge-with-wildcard-pattern-matching/',
    { key: [{ wildcard: '*.png' }] },
    { key: 'dir/a.png' },
    true,
  ),
  c(
    'wildcard: blog *Title* in the middle',
    'https://aws.amazon.com/blogs/compute/filtering-events-in-amazon-eventbridge-with-wildcard-pattern-matching/',
    { t: [{ wildcard: '*Title*' }] },
    { t: 'Book Title: 2' },
    true,
  ),
  c('wildcard: doc /lib/ path', DOC_OPERATORS, { FilePath: [{ wildcard: '*/lib/*' }] }, { FilePath: '/usr/lib/x' }, true),
  c('wildcard: no star means exact match', 'edge: ' + RULER_README, { a: [{ wildcard: 'abc' }] }, { a: 'abcd' }, false),
  c('wildcard: escaped star is literal (matches)', RULER_README + ' Wildcard matching (escape)', { a: [{ wildcard: 'a\\*b' }] }, { a: 'a*b' }, true),
  c('wildcard: escaped star is literal (no expansion)', RULER_README + ' Wildcard matching (escape)', { a: [{ wildcard: 'a\\*b' }] }, { a: 'axxb' }, false),
  c('wildcard: escaped backslash then star', RULER_README + ' Wildcard matching (escape)', { a: [{ wildcard: 'dir\\\\*' }] }, { a: 'dir\\file' }, true),
  c('wildcard: is case-sensitive', 'edge: ' + RULER_README, { a: [{ wildcard: '*.PNG' }] }, { a: 'a.png' }, false),
  c('wildcard: only works on strings', RULER_README + ' Wildcard matching', { a: [{ wildcard: '1*' }] }, { a: 123 }, false),
  c('wildcard: overlapping segments need distinct positions', 'edge: ' + RULER_README, { a: [{ wildcard: 'ab*ba' }] }, { a: 'aba' }, false),
  c('wildcard: regex metacharacters are literal', 'edge: ' + RULER_README, { a: [{ wildcard: 'a.c*' }] }, { a: 'abc' }, false),
];

// ------------------------------------------------------------------------------------------- $or
const orCases: ConformanceCase[] = [
  ...onPattern(
    DOC_FILTERING,
    { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }] } },
    [
      ['$or: doc detail c-count OR d-count OR x-limit (x-limit matches)', d({ 'c-count': 100, 'd-count': 50, 'x-limit': 301.8 }), true],
      ['$or: doc none of the three match', d({ 'c-count': 100, 'd-count': 50, 'x-limit': 1 }), false],
    ],
  ),
  c('$or: Location New York OR Day Monday', DOC_OPERATORS, { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] }, { Location: 'Paris', Day: 'Monday' }, true),
  c('$or: neither alternative', DOC_OPERATORS, { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] }, { Location: 'Paris', Day: 'Friday' }, false),
  ...onPattern(RULER_README + ' Normal "Or"', { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }] }, [
    ['$or: ANDed with sibling field (sibling fails)', { source: 'aws.ec2', metricName: 'CPUUtilization' }, false],
    ['$or: ANDed with sibling field (both hold)', { source: 'aws.cloudwatch', namespace: 'AWS/ES' }, true],
  ]),
  ...onPattern(
    RULER_README + ' Parallel "Or"',
    {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    },
    [
      ['$or: parallel ORs at two levels', { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } }, true],
      ['$or: parallel ORs, inner level fails', { namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } }, false],
    ],
  ),
  c(
    '$or: alternative with an AND inside (partial)',
    RULER_README + ' "Or" has an "And" inside',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] }, { scope: ['Service'] }] },
    { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/S3' },
    false,
  ),
  ...onPattern(
    RULER_README + ' Nested "Or" and "And"',
    {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    },
    [
      ['$or: nested $or inside an alternative', { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 }, true],
      ['$or: nested $or, inner alternatives all fail', { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 }, false],
    ],
  ),
  c('$or: alternatives with exists:false', 'edge: ' + DOC_FILTERING, { detail: { $or: [{ a: [{ exists: false }] }, { a: ['x'] }] } }, d({ b: 1 }), true),
  c(
    '$or: alternatives with nested objects',
    'edge: ' + DOC_FILTERING,
    { detail: { $or: [{ user: { role: ['admin'] } }, { group: { name: ['ops'] } }] } },
    d({ group: { name: 'ops' } }),
    true,
  ),
  c(
    '$or: evaluated per array element (array-consistent)',
    'edge: ' + RULER_README + ' JSON Array Matching',
    { items: { kind: ['a'], $or: [{ size: [1] }, { color: ['red'] }] } },
    {
      items: [
        { kind: 'a', size: 2 },
        { kind: 'b', color: 'red' },
      ],
    },
    false,
  ),
];

// ------------------------------------------------------------------------------------------- combined
const combinedCases: ConformanceCase[] = [
  c(
    'combined: doc complex example matches README event',
    DOC_FILTERING,
    {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    README_EVENT,
    true,
  ),
  c(
    'combined: README complex example with cidr',
    RULER_README + ' Complex example',
    {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
      },
    },
    README_EVENT,
    true,
  ),
  c(
    'combined: complex example, state initializing',
    DOC_FILTERING,
    {
      time: [{ prefix: '2017-10-02' }],
      detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
    },
    { ...README_EVENT, detail: { ...README_EVENT.detail, state: 'initializing' } },
    false,
  ),
  c('combined: mixed exact and operators in one leaf', RULER_README + ' Simple matching', { detail: { state: ['stopped', { prefix: 'run' }] } }, README_EVENT, true),
  c(
    'combined: Ruler RFC all-operators rule',
    RULER_TEST + ' WHEN_WeWriteRulesToMatchVariousFieldCombos',
    {
      Image: {
        Width: [{ numeric: ['<', 1000] }],
        Height: [{ numeric: ['<=', 600] }],
        Title: [{ 'anything-but': 'View from 15th Flood' }],
        Thumbnail: { Url: [{ prefix: 'http' }], Height: [{ numeric: ['>', 124, '<', 126] }], Width: [{ numeric: ['>=', 99.999, '<=', 100] }] },
        Animated: [false],
      },
    },
    RFC_EVENT,
    true,
  ),
  c(
    'combined: README simple matching (detail-type, resources, state list)',
    RULER_README + ' Simple matching',
    {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    README_EVENT,
    true,
  ),
];

export const CASES: ConformanceCase[] = [
  ...exactCases,
  ...nullCases,
  ...arrayCases,
  ...prefixCases,
  ...suffixCases,
  ...ignoreCaseCases,
  ...anythingButCases,
  ...numericCases,
  ...existsCases,
  ...cidrCases,
  ...wildcardCases,
  ...orCases,
  ...combinedCases,
];

/** Operator category of a case (its name prefix up to the first ':'), for reporting. */
export const categoryOf = (tc: ConformanceCase): string => tc.name.slice(0, tc.name.indexOf(':'));
