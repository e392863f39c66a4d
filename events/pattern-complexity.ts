/**
 * Wildcard complexity, as EventBridge judges it before it accepts a rule.
 *
 * EventBridge matches with aws/event-ruler, which compiles every wildcard of one field into one
 * automaton over the JSON-quoted value (`"…"`). Its MachineComplexityEvaluator computes "the maximum
 * possible number of wildcard rule prefixes that could match a theoretical input value" — how many
 * automaton states one input can keep alive at once, each wildcard pattern's prefixes counted for that
 * pattern (event-ruler's own example: `*a*a*a*` against `aaa` keeps 7 prefixes alive). EventBridge
 * refuses a rule above its threshold with "Rule is too complex - try using fewer wildcard characters
 * or fewer repeating character sequences after a wildcard character".
 *
 * What is approximated here:
 * - the threshold, 10: not documented by AWS; it reproduces observed refusals (four
 *   `*:stack/<name>/*` wildcards on one field refused where three were accepted);
 * - all wildcards at one field path are pooled across the whole pattern, `$or` branches included
 *   (event-ruler pools per field within the branches that reach it);
 * - the walk is over UTF-16 code units, not UTF-8 bytes (the same for ASCII patterns);
 * - only `wildcard` and `anything-but` `wildcard` operands count; exact/prefix/suffix values on the
 *   same field add no wildcard prefixes.
 */
import { parseWildcard } from './pattern-matcher-operators.js';

export const WILDCARD_COMPLEXITY_LIMIT = 10;
export const TOO_COMPLEX_MESSAGE = 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

const STAR = Symbol('star');
type Token = string | typeof STAR;
/** Bounds the search: patterns are small, but a refusal must never hang. */
const MAX_CONFIGURATIONS = 20_000;

/** The wildcard operands of a pattern, grouped by the dotted path of their field. */
export function wildcardsByField(pattern: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (path: string, expr: unknown) => {
    if (typeof expr !== 'string') return;
    out.set(path, [...(out.get(path) ?? []), expr]);
  };
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$or') {
        if (Array.isArray(value)) for (const alt of value) walk(alt, path);
        continue;
      }
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(value)) {
        walk(value, at);
        continue;
      }
      for (const matcher of value) {
        if (!matcher || typeof matcher !== 'object' || Array.isArray(matcher)) continue;
        const m = matcher as Record<string, unknown>;
        add(at, m.wildcard);
        const but = m['anything-but'];
        if (but && typeof but === 'object' && !Array.isArray(but)) {
          const w = (but as Record<string, unknown>).wildcard;
          for (const expr of Array.isArray(w) ? w : [w]) add(at, expr);
        }
      }
    }
  };
  walk(pattern, '');
  return out;
}

/** event-ruler's token string for a wildcard: the value's quotes around literals and stars. */
function tokens(expr: string): Token[] | undefined {
  const parts = parseWildcard(expr);
  if (typeof parts === 'string') return undefined; // invalid: reported by the matcher's validation
  const out: Token[] = ['"'];
  parts.forEach((part, i) => {
    if (i > 0) out.push(STAR);
    out.push(...part);
  });
  out.push('"');
  return out;
}

/**
 * The most wildcard prefixes one input keeps alive at once, over every input (a breadth-first walk
 * of the subset automaton, one representative character for the characters no pattern names).
 * Stops early once above `limit`.
 */
export function wildcardComplexity(expressions: string[], limit = WILDCARD_COMPLEXITY_LIMIT): number {
  const patterns = expressions.map(tokens).filter((t): t is Token[] => t !== undefined);
  if (!patterns.length) return 0;
  const alphabet = new Set<string>(['\u0000']);
  for (const p of patterns) for (const t of p) if (t !== STAR) alphabet.add(t);
  // A configuration: for each pattern, the token positions whose prefix matches the input read so far.
  const closure = (p: Token[], positions: Set<number>) => {
    for (const i of [...positions].sort((a, b) => a - b)) for (let j = i; p[j] === STAR; j++) positions.add(j + 1);
    return positions;
  };
  const step = (p: Token[], positions: Set<number>, ch: string): Set<number> => {
    const next = new Set<number>();
    for (const i of positions) {
      if (i > 0 && p[i - 1] === STAR) next.add(i); // inside a star: any character stays
      if (i < p.length && p[i] !== STAR && p[i] === ch) next.add(i + 1);
    }
    return closure(p, next);
  };
  const key = (config: Set<number>[]) => config.map((s) => [...s].sort((a, b) => a - b).join(',')).join('|');
  const start = patterns.map((p) => closure(p, new Set([0])));
  const seen = new Set([key(start)]);
  const queue = [start];
  let maximum = 0;
  while (queue.length && seen.size < MAX_CONFIGURATIONS) {
    const config = queue.shift()!;
    for (const ch of alphabet) {
      const next = config.map((positions, k) => step(patterns[k]!, positions, ch));
      const alive = next.reduce((n, s) => n + s.size, 0);
      if (!alive) continue;
      maximum = Math.max(maximum, alive);
      if (maximum > limit) return maximum;
      const k = key(next);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(next);
      }
    }
  }
  return maximum;
}

/** Rules are matched per event: the verdict on one field's wildcards is computed once. */
const verdicts = new Map<string, boolean>();

/** The problems EventBridge reports for a pattern's wildcards (empty when it would accept them). */
export function wildcardComplexityProblems(pattern: unknown, limit = WILDCARD_COMPLEXITY_LIMIT): string[] {
  const problems: string[] = [];
  for (const [path, expressions] of wildcardsByField(pattern)) {
    const key = `${limit}:${JSON.stringify(expressions)}`;
    let tooComplex = verdicts.get(key);
    if (tooComplex === undefined) {
      tooComplex = wildcardComplexity(expressions, limit) > limit;
      if (verdicts.size > 1_000) verdicts.clear();
      verdicts.set(key, tooComplex);
    }
    if (tooComplex) problems.push(`${path}: ${TOO_COMPLEX_MESSAGE}`);
  }
  return problems;
}
