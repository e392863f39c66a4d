/**
 * Leaf-value operators for the EventBridge pattern matcher (see pattern-matcher.ts).
 *
 * Semantics follow the AWS EventBridge "Content filtering" documentation and aws/event-ruler,
 * the matcher EventBridge itself uses. Every function here is pure and dependency-free.
 */

// ---------------------------------------------------------------- case folding

const fold = (s: string): string => s.toLowerCase();

export const equalsIgnoreCase = (value: string, expected: string): boolean => fold(value) === fold(expected) || value.toUpperCase() === expected.toUpperCase();

export const startsWithIgnoreCase = (value: string, prefix: string): boolean => fold(value).startsWith(fold(prefix));

export const endsWithIgnoreCase = (value: string, suffix: string): boolean => fold(value).endsWith(fold(suffix));

// ---------------------------------------------------------------- wildcard

/** A parsed wildcard: literal segments separated by `*` (escapes already resolved). */
export type WildcardParts = string[];

/**
 * Parses a wildcard expression. `*` matches any run of characters (including none), `\*` is a literal
 * star and `\\` a literal backslash. Consecutive `*` and any other escape are rejected, as in event-ruler.
 * Returns an error message instead of parts when the expression is invalid.
 */
export function parseWildcard(expr: string): WildcardParts | string {
  const parts: string[] = [''];
  let previousWasStar = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (ch === '*') {
      if (previousWasStar) return `consecutive wildcard characters at position ${i}`;
      parts.push('');
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (ch === '\\') {
      const next = expr[i + 1];
      if (next !== '*' && next !== '\\') return `invalid escape character at position ${i}`;
      parts[parts.length - 1] += next;
      i++;
      continue;
    }
    parts[parts.length - 1] += ch;
  }
  return parts;
}

/** Linear-time glob match (no regular expressions, so no catastrophic backtracking). */
export function matchWildcard(parts: WildcardParts, value: string): boolean {
  if (parts.length === 1) return value === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let pos = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const segment = parts[i]!;
    const found = value.indexOf(segment, pos);
    if (found < 0 || found + segment.length > end) return false;
    pos = found + segment.length;
  }
  return true;
}

// ---------------------------------------------------------------- numeric

export type NumericOp = '=' | '<' | '<=' | '>' | '>=';
export type NumericCondition = { op: NumericOp; value: number };

const LOWER_OPS = new Set(['>', '>=']);
const UPPER_OPS = new Set(['<', '<=']);

/**
 * Parses a `numeric` operand: `["=", n]`, `["<"|"<=", n]`, `[">"|">=", n]` or a range
 * `[">"|">=", low, "<"|"<=", high]` (lower bound first, low < high), as event-ruler accepts.
 */
export function parseNumeric(spec: unknown): NumericCondition[] | string {
  if (!Array.isArray(spec)) return 'numeric must be an array';
  if (spec.length !== 2 && spec.length !== 4) return 'numeric must contain one or two operator/number pairs';
  const conditions: NumericCondition[] = [];
  for (let i = 0; i < spec.length; i += 2) {
    const op: unknown = spec[i];
    const value: unknown = spec[i + 1];
    if (typeof op !== 'string' || !['=', '<', '<=', '>', '>='].includes(op)) {
      return `unrecognized numeric operator ${JSON.stringify(op)}`;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return `value of ${op} must be a number`;
    conditions.push({ op: op as NumericOp, value });
  }
  if (conditions.length === 2) {
    const [low, high] = conditions as [NumericCondition, NumericCondition];
    if (!LOWER_OPS.has(low.op) || !UPPER_OPS.has(high.op)) {
      return 'numeric range must be a lower bound (> or >=) followed by an upper bound (< or <=)';
    }
    if (!(low.value < high.value)) return 'numeric range lower bound must be less than upper bound';
  }
  return conditions;
}

export function matchNumeric(conditions: NumericCondition[], value: number): boolean {
  return conditions.every(({ op, value: bound }) => {
    switch (op) {
      case '=':
        return value === bound;
      case '<':
        return value < bound;
      case '<=':
        return value <= bound;
      case '>':
        return value > bound;
      case '>=':
        return value >= bound;
    }
  });
}

// ---------------------------------------------------------------- cidr

export type IpAddress = { v6: boolean; bits: bigint };
export type CidrRange = { v6: boolean; low: bigint; high: bigint };

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let out = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(octet));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  // An IPv4 tail is allowed only at the very end of the address (so in the part after `::`, if any).
  const toGroups = (part: string, last: boolean): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (last && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? toGroups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { v6: false, bits: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { v6: true, bits: v6 };
}

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; mask bits 0-31 (IPv4) / 0-127 (IPv6) as in event-ruler. */
export function parseCidr(spec: unknown): CidrRange | string {
  if (typeof spec !== 'string') return 'cidr must be a string';
  const pieces = spec.split('/');
  if (pieces.length !== 2) return 'malformed CIDR, one "/" required';
  const ip = parseIp(pieces[0]!);
  if (!ip) return `malformed CIDR address ${JSON.stringify(pieces[0])}`;
  if (!/^\d{1,3}$/.test(pieces[1]!)) return 'malformed CIDR, mask bits must be a non-negative integer';
  const mask = Number(pieces[1]);
  const width = ip.v6 ? 128 : 32;
  if (mask > width - 1) return `${ip.v6 ? 'IPv6' : 'IPv4'} mask bits must be < ${width}`;
  const hostBits = BigInt(width - mask);
  const hostMask = (1n << hostBits) - 1n;
  const low = ip.bits & ~hostMask & ((1n << BigInt(width)) - 1n);
  return { v6: ip.v6, low, high: low | hostMask };
}

export function matchCidr(range: CidrRange, value: string): boolean {
  const ip = parseIp(value);
  return ip !== undefined && ip.v6 === range.v6 && ip.bits >= range.low && ip.bits <= range.high;
}
