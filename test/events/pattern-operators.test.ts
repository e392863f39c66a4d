import { describe, expect, it } from 'vitest';
import { equalsIgnoreCase, matchCidr, matchNumeric, matchWildcard, parseCidr, parseIp, parseNumeric, parseWildcard } from '../../events/pattern-matcher-operators.js';

/** The matcher's leaf operators at their edges (EventBridge content filtering; aws/event-ruler). */
const wildcard = (expr: string, value: string) => matchWildcard(parseWildcard(expr) as string[], value);

describe('wildcard', () => {
  it.each([
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axbyc', true],
    ['a*c*c', 'ac', false],
    ['a*c*c', 'acc', true],
    ['a*bc*c', 'abc', false],
    ['*b*', 'bx', true],
    ['*b*', 'xx', false],
    ['a*b*b*c', 'abc', false],
    ['a*b*b*c', 'abbc', true],
  ])('%s on %s is %s', (expr, value, expected) => {
    expect(wildcard(expr, value)).toBe(expected);
  });
});

describe('numeric', () => {
  it('refuses operands that are not numbers, and ranges that are not a lower then an upper bound', () => {
    expect(parseNumeric(['>', '5'])).toBe('value of > must be a number');
    expect(parseNumeric(['>', null])).toBe('value of > must be a number');
    expect(parseNumeric([5, 5])).toBe('unrecognized numeric operator 5');
    expect(parseNumeric(['>', 1, '>', 5])).toBe('numeric range must be a lower bound (> or >=) followed by an upper bound (< or <=)');
    expect(parseNumeric(['<', 1, '<', 5])).toBe('numeric range must be a lower bound (> or >=) followed by an upper bound (< or <=)');
    expect(parseNumeric(['>=', 1, '<=', 5])).toEqual([
      { op: '>=', value: 1 },
      { op: '<=', value: 5 },
    ]);
  });
  it('bounds are inclusive only with >= and <=', () => {
    expect(matchNumeric([{ op: '>=', value: 5 }], 5)).toBe(true);
    expect(matchNumeric([{ op: '>', value: 5 }], 5)).toBe(false);
    expect(matchNumeric([{ op: '<=', value: 5 }], 5)).toBe(true);
    expect(matchNumeric([{ op: '<', value: 5 }], 5)).toBe(false);
  });
});

describe('IP addresses', () => {
  it.each(['1.2.3', '1.2.3.4.5', '1.2.3.256', '1.2.3.x4', '1.2.3.4x', '1.2.3.1234', ' 1.2.3.4', '1..3.4'])('%s is not an IPv4 address', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
  it('IPv4 as 32 bits', () => {
    expect(parseIp('10.0.0.1')).toEqual({ v6: false, bits: 167772161n });
    expect(parseIp('255.255.255.255')).toEqual({ v6: false, bits: 4294967295n });
  });
  it.each(['1::2::3', 'g::1', '12345::1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2:3:4:5:6:7:8', '192.168.0.1::', '::ffff:192.168.0', ':: 1', 'x1::', '::1x'])(
    '%s is not an IPv6 address',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );
  it('IPv6 as 128 bits, :: filling zeros, an IPv4 tail', () => {
    expect(parseIp('::1')).toEqual({ v6: true, bits: 1n });
    expect(parseIp('1:2:3:4:5:6:7:8')).toEqual({ v6: true, bits: 0x00010002000300040005000600070008n });
    expect(parseIp('2001:db8::')).toEqual({ v6: true, bits: 0x20010db8000000000000000000000000n });
    expect(parseIp('::ffff:192.168.0.1')).toEqual({ v6: true, bits: 0xffffc0a80001n });
  });
});

describe('cidr', () => {
  it('names what is malformed', () => {
    expect(parseCidr('10.0.0.0/8/1')).toBe('malformed CIDR, one "/" required');
    expect(parseCidr('10.0.0.0')).toBe('malformed CIDR, one "/" required');
    expect(parseCidr('abc/8')).toBe('malformed CIDR address "abc"');
    expect(parseCidr('10.0.0.0/x')).toBe('malformed CIDR, mask bits must be a non-negative integer');
    expect(parseCidr('10.0.0.0/x8')).toBe('malformed CIDR, mask bits must be a non-negative integer');
    expect(parseCidr('10.0.0.0/8x')).toBe('malformed CIDR, mask bits must be a non-negative integer');
    expect(parseCidr('10.0.0.0/32')).toBe('IPv4 mask bits must be < 32');
    expect(parseCidr('::/128')).toBe('IPv6 mask bits must be < 128');
  });
  it('matches its range, bounds included, and only its IP version', () => {
    const range = parseCidr('10.0.0.0/8') as Exclude<ReturnType<typeof parseCidr>, string>;
    expect(matchCidr(range, '10.0.0.0')).toBe(true);
    expect(matchCidr(range, '10.255.255.255')).toBe(true);
    expect(matchCidr(range, '9.255.255.255')).toBe(false);
    expect(matchCidr(range, '11.0.0.0')).toBe(false);
    const v6 = parseCidr('::/1') as Exclude<ReturnType<typeof parseCidr>, string>;
    expect(matchCidr(v6, '::1')).toBe(true);
    expect(matchCidr(v6, '0.0.0.1')).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  it('folds case both ways (ß is SS in upper case)', () => {
    expect(equalsIgnoreCase('straße', 'STRASSE')).toBe(true);
    expect(equalsIgnoreCase('Hello', 'hELLO')).toBe(true);
    expect(equalsIgnoreCase('Hello', 'hELL0')).toBe(false);
  });
});
