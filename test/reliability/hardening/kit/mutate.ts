import * as fc from 'fast-check';

/**
 * Payload mutations for fuzzing: take a valid document, pick one place in it (any key or array
 * element, at any depth) and break it — drop it, give it the wrong type, a huge string, deep
 * nesting, unicode, or an id with `#` / control characters (those become DynamoDB key parts).
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

export function pathsOf(doc: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function deepNest(depth: number): Json {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

/** The replacement values. `undefined` means "drop the field". */
export const replacementArb: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.oneof(fc.integer(), fc.double(), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(1e308)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'a#b',
    '#',
    'USER#1#MSG#x',
    'wamid.\u0000\u0001#',
    '\u202e\ufeff',
    '\ud83d\ude00'.repeat(20),
    'x'.repeat(400_000),
    '1'.repeat(64),
    '../../etc/passwd',
    '{"$ne":null}',
    '__proto__',
  ),
  fc.constant([] as Json),
  fc.constant({} as Json),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 50, max: 3000 }).map(deepNest),
);

export interface Mutation {
  path: Path;
  replacement: Json | undefined;
  /** The mutation also adds an unknown key at the same place. */
  extraKey?: string;
}

export function mutationArb(doc: Json): fc.Arbitrary<Mutation> {
  const paths = pathsOf(doc);
  return fc.record({
    path: fc.constantFrom(...paths),
    replacement: replacementArb,
    extraKey: fc.option(fc.constantFrom('__proto__', 'constructor', 'extra', '#pk', ''), { nil: undefined }),
  });
}

export function applyMutation<T extends Json>(doc: T, m: Mutation): Json | undefined {
  const copy = structuredClone(doc) as Json;
  if (m.path.length === 0) return m.replacement;
  let parent: any = copy;
  for (const k of m.path.slice(0, -1)) parent = parent[k as never];
  const last = m.path.at(-1)!;
  if (m.replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = m.replacement;
  if (m.extraKey !== undefined && parent && typeof parent === 'object' && !Array.isArray(parent)) {
    Object.defineProperty(parent, m.extraKey, { value: 'injected', enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

/** Raw bodies that are not the right document at all. */
export const rawGarbageArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{}',
    '{"Type":"Notification"}',
    '{"Type":"Notification","Message":"{"}',
    '{"Type":"SubscriptionConfirmation","Message":"x"}',
    '{',
    '"string"',
    '1e999',
    '{"a":'.repeat(500),
  ),
  fc.json({ maxDepth: 4 }),
);

export type { Json };

/** fc.assert, with the counterexample cut short (a 400 KB string in a report helps nobody). */
export function assertProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts> = {}): void | Promise<void> {
  const shorten = (err: unknown): never => {
    const e = err as Error;
    const message = e.message.length > 3000 ? `${e.message.slice(0, 1500)} … ${e.message.slice(-1500)}` : e.message;
    throw Object.assign(new Error(message), { stack: message });
  };
  try {
    // FUZZ_SEED pins the cases (npm test runs a fixed set); without it every run draws new ones.
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const out = fc.assert(property as fc.IProperty<Ts>, { ...(seed !== undefined ? { seed } : {}), ...params }) as unknown;
    if (out instanceof Promise) return out.catch(shorten);
  } catch (err) {
    shorten(err);
  }
}
