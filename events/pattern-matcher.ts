/**
 * EventBridge event-pattern matcher.
 *
 * Implements the semantics documented in "Amazon EventBridge event patterns" and "Content filtering in
 * Amazon EventBridge event patterns", cross-checked against aws/event-ruler (the library EventBridge uses):
 *
 * - A pattern is a non-empty JSON object. Object values nest; array values are leaf matchers, and a leaf
 *   matches if ANY of its matchers matches. Fields at one level are ANDed; `$or` (>= 2 sub-patterns)
 *   ORs sub-patterns evaluated at the same level and is ANDed with its siblings.
 * - Leaf values are JSON primitives (string, number, boolean, null). If the event value is an array, the
 *   leaf matches if ANY element matches. An object-valued field is not a leaf: only `exists: false`
 *   matches it (exists "only works on leaf nodes").
 * - Arrays of objects are matched element by element, array-consistently: all fields of a sub-pattern
 *   must be satisfied by the same array element (event-ruler `rulesForJSONEvent`).
 * - Exact values compare by JSON type; numbers compare numerically (300 matches 300.0).
 * - `anything-but` never matches a missing field; on an array it matches if any element is not excluded.
 *   It matches values of another JSON type (e.g. `{"anything-but": "x"}` matches 5 and null).
 * - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` only match strings; `numeric` only
 *   matches JSON numbers.
 *
 * `matchesPattern` throws a TypeError for an invalid pattern (use `validatePattern` to get the problems).
 */
import {
  endsWithIgnoreCase,
  equalsIgnoreCase,
  matchCidr,
  matchNumeric,
  matchWildcard,
  parseCidr,
  parseNumeric,
  parseWildcard,
  startsWithIgnoreCase,
} from './pattern-matcher-operators.js';
import { wildcardComplexityProblems } from './pattern-complexity.js';
import { expandDottedPatternKeys, nestedValue } from './pattern-dotted-keys.js';

type Primitive = string | number | boolean | null;
type ValueTest = (value: Primitive) => boolean;
type LeafMatcher = { kind: 'exists'; present: boolean } | { kind: 'test'; test: ValueTest };
type Field = { key: string; kind: 'leaf'; matchers: LeafMatcher[] } | { key: string; kind: 'object'; node: PatternNode };
type PatternNode = { fields: Field[]; or: PatternNode[] | undefined };

const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard'];
const ANYTHING_BUT_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): v is Primitive =>
  // Stryker disable next-line LogicalOperator: JSON has no NaN or Infinity, so every number that reaches here is finite
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isString = (v: Primitive): v is string => typeof v === 'string';
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

// ------------------------------------------------------------------------------------------- compile

class Compiler {
  readonly problems: string[] = [];

  private fail<T>(path: string, message: string, fallback: T): T {
    this.problems.push(`${path || '<root>'}: ${message}`);
    return fallback;
  }

  node(pattern: Record<string, unknown>, path: string, insideOr: boolean): PatternNode {
    const node: PatternNode = { fields: [], or: undefined };
    const keys = Object.keys(pattern);
    if (keys.length === 0) this.fail(path, 'empty objects are not allowed', undefined);
    for (const key of keys) {
      const value = pattern[key];
      const at = path ? `${path}.${key}` : key;
      if (key === '$or') {
        node.or = this.or(value, at);
      } else if (insideOr && OPERATORS.includes(key)) {
        this.fail(at, `"${key}" is a reserved operator name and cannot be a field inside $or`, undefined);
      } else if (Array.isArray(value)) {
        node.fields.push({ key, kind: 'leaf', matchers: this.leaf(value, at) });
      } else if (isObject(value)) {
        node.fields.push({ key, kind: 'object', node: this.node(value, at, insideOr) });
      } else {
        this.fail(at, `must be an object or an array, got ${show(value)}`, undefined);
      }
    }
    return node;
  }

  private or(value: unknown, path: string): PatternNode[] {
    // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
    if (!Array.isArray(value)) return this.fail(path, '$or must be an array of objects', []);
    if (value.length < 2) this.fail(path, '$or must contain at least 2 objects', undefined);
    return value.flatMap((alt, i) => (isObject(alt) ? [this.node(alt, `${path}[${i}]`, true)] : this.fail(`${path}[${i}]`, 'only objects are allowed in $or', [])));
  }

  private leaf(values: unknown[], path: string): LeafMatcher[] {
    if (values.length === 0) this.fail(path, 'empty arrays are not allowed', undefined);
    return values.flatMap((v, i): LeafMatcher[] => {
      // Stryker disable next-line StringLiteral: only `exists` is told apart by kind
      if (isPrimitive(v)) return [{ kind: 'test', test: exact(v) }];
      if (isObject(v)) return this.operator(v, `${path}[${i}]`);
      // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
      return this.fail(`${path}[${i}]`, `match value must be a string, number, boolean, null or operator object, got ${show(v)}`, []);
    });
  }

  private operator(spec: Record<string, unknown>, path: string): LeafMatcher[] {
    const keys = Object.keys(spec);
    // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
    if (keys.length !== 1) return this.fail(path, `operator object must have exactly one key, got ${show(keys)}`, []);
    const name = keys[0]!;
    const arg = spec[name];
    const at = `${path}.${name}`;
    // Stryker disable next-line StringLiteral,ArrayDeclaration: only `exists` is told apart by kind, and an undefined test comes with a problem (the pattern is never matched)
    const test = (t: ValueTest | undefined): LeafMatcher[] => (t ? [{ kind: 'test', test: t }] : []);
    switch (name) {
      case 'exists':
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        return typeof arg === 'boolean' ? [{ kind: 'exists', present: arg }] : this.fail(at, 'exists must be true or false', []);
      case 'prefix':
      case 'suffix': {
        // Stryker disable next-line ConditionalExpression: a string or number argument has no 'equals-ignore-case' key either
        const ignoreCase = isObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string';
        const text = ignoreCase ? (arg as Record<string, string>)['equals-ignore-case']! : arg;
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        if (typeof text !== 'string') return this.fail(at, `${name} must be a string or {"equals-ignore-case": string}`, []);
        const f =
          name === 'prefix'
            ? ignoreCase
              ? startsWithIgnoreCase
              : (v: string, p: string) => v.startsWith(p)
            : ignoreCase
              ? endsWithIgnoreCase
              : (v: string, s: string) => v.endsWith(s);
        return test((v) => isString(v) && f(v, text));
      }
      case 'equals-ignore-case':
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        if (typeof arg !== 'string') return this.fail(at, 'equals-ignore-case must be a string', []);
        return test((v) => isString(v) && equalsIgnoreCase(v, arg));
      case 'wildcard': {
        const parts = typeof arg === 'string' ? parseWildcard(arg) : 'wildcard must be a string';
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        if (typeof parts === 'string') return this.fail(at, parts, []);
        return test((v) => isString(v) && matchWildcard(parts, v));
      }
      case 'cidr': {
        const range = parseCidr(arg);
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        if (typeof range === 'string') return this.fail(at, range, []);
        return test((v) => isString(v) && matchCidr(range, v));
      }
      case 'numeric': {
        const conditions = parseNumeric(arg);
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        if (typeof conditions === 'string') return this.fail(at, conditions, []);
        return test((v) => typeof v === 'number' && matchNumeric(conditions, v));
      }
      case 'anything-but': {
        const excluded = this.anythingBut(arg, at);
        return test(excluded && ((v) => !excluded(v)));
      }
      default:
        // Stryker disable next-line ArrayDeclaration: a pattern with a problem is never matched (matchesPattern throws, validatePattern returns only the problems), so this fallback is never used
        return this.fail(at, `unknown operator "${name}"`, []);
    }
  }

  /** Returns the predicate for values the anything-but EXCLUDES (undefined if invalid). */
  private anythingBut(arg: unknown, path: string): ValueTest | undefined {
    // Stryker disable next-line LogicalOperator: JSON has no NaN or Infinity, so every number that reaches here is finite
    if (typeof arg === 'string' || (typeof arg === 'number' && Number.isFinite(arg))) arg = [arg];
    if (Array.isArray(arg)) {
      if (arg.length === 0) return this.fail(path, 'empty arrays are not allowed', undefined);
      if (arg.every((x) => typeof x === 'string')) return (v) => isString(v) && arg.includes(v);
      // Stryker disable next-line LogicalOperator: JSON has no NaN or Infinity, so every number that reaches here is finite
      if (arg.every((x) => typeof x === 'number' && Number.isFinite(x))) return (v) => typeof v === 'number' && arg.includes(v);
      return this.fail(path, 'anything-but list must contain only strings or only numbers', undefined);
    }
    if (!isObject(arg)) return this.fail(path, 'anything-but must be a string, number, list or operator object', undefined);
    const keys = Object.keys(arg);
    const op = keys[0];
    if (keys.length !== 1 || !op || !ANYTHING_BUT_OPERATORS.includes(op)) {
      return this.fail(path, `unsupported anything-but operator ${show(keys)}`, undefined);
    }
    const raw = arg[op];
    const list = typeof raw === 'string' ? [raw] : raw;
    const at = `${path}.${op}`;
    if (!Array.isArray(list) || !list.every((x): x is string => typeof x === 'string')) {
      return this.fail(at, `anything-but ${op} must be a string or a list of strings`, undefined);
    }
    if (list.length === 0) return this.fail(at, 'empty arrays are not allowed', undefined);
    if ((op === 'prefix' || op === 'suffix') && list.includes('')) {
      return this.fail(at, `anything-but ${op} must not be an empty string`, undefined);
    }
    switch (op) {
      case 'prefix':
        return (v) => isString(v) && list.some((p) => v.startsWith(p));
      case 'suffix':
        return (v) => isString(v) && list.some((s) => v.endsWith(s));
      case 'equals-ignore-case':
        return (v) => isString(v) && list.some((s) => equalsIgnoreCase(v, s));
      default: {
        const parsed = list.map(parseWildcard);
        const bad = parsed.find((p): p is string => typeof p === 'string');
        if (bad !== undefined) return this.fail(at, bad, undefined);
        return (v) => isString(v) && (parsed as string[][]).some((parts) => matchWildcard(parts, v));
      }
    }
  }
}

function exact(expected: Primitive): ValueTest {
  return (v) => v === expected; // same JSON type; numbers compare numerically (300 === 300.0)
}

function compile(pattern: unknown): { node: PatternNode | undefined; problems: string[] } {
  const compiler = new Compiler();
  if (!isObject(pattern)) {
    return { node: undefined, problems: [`<root>: event pattern must be a JSON object, got ${show(pattern)}`] };
  }
  // Dotted keys name nested paths (EventBridge flattens both sides); wildcards within EventBridge's complexity.
  const expanded = expandDottedPatternKeys(pattern);
  const node = compiler.node(expanded.pattern as Record<string, unknown>, '', false);
  const problems = [...expanded.problems, ...compiler.problems];
  return { node, problems: problems.length ? problems : wildcardComplexityProblems(expanded.pattern) };
}

// ------------------------------------------------------------------------------------------- match

/** Primitive leaf values at a field: arrays are flattened, objects (non-leaves) are ignored. */
function leafValues(value: unknown): Primitive[] {
  // Stryker disable next-line ConditionalExpression: undefined is neither an array nor a primitive, so the lines below answer [] too
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leafValues);
  return isPrimitive(value) ? [value] : [];
}

/** Objects a sub-pattern is evaluated against: each object element of an array, or "missing". */
function objectCandidates(value: unknown): Array<Record<string, unknown> | undefined> {
  if (Array.isArray(value)) {
    const objects = value.flat(Infinity).filter(isObject);
    return objects.length > 0 ? objects : [undefined];
  }
  return [isObject(value) ? value : undefined];
}

function matchLeaf(matchers: LeafMatcher[], value: unknown): boolean {
  const values = leafValues(value);
  return matchers.some((m) => (m.kind === 'exists' ? m.present === values.length > 0 : values.some(m.test)));
}

function matchLevel(node: PatternNode, obj: Record<string, unknown> | undefined): boolean {
  const fieldsMatch = node.fields.every((field) => {
    const value = field.kind === 'object' ? nestedValue(obj, field.key) : obj && Object.hasOwn(obj, field.key) ? obj[field.key] : undefined;
    return field.kind === 'leaf' ? matchLeaf(field.matchers, value) : objectCandidates(value).some((candidate) => matchLevel(field.node, candidate));
  });
  return fieldsMatch && (node.or === undefined || node.or.some((alt) => matchLevel(alt, obj)));
}

/** Lists human-readable problems with an event pattern; empty when the pattern is valid. */
export function validatePattern(pattern: unknown): string[] {
  return compile(pattern).problems;
}

/** True if `event` (an EventBridge envelope or any JSON object) matches `pattern`. Throws on invalid patterns. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  const { node, problems } = compile(pattern);
  if (!node || problems.length > 0) throw new TypeError(`Invalid event pattern: ${problems.join('; ')}`);
  return objectCandidates(event).some((candidate) => matchLevel(node, candidate));
}
