import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('sorts by UTF-16 code units, not numerically or by locale', () => {
    expect(canonicalJson({ 10: 0, 2: 0, 1: 0, B: 0, a: 0, é: 0, '\u{1F600}': 0, '\uFFFF': 0 })).toBe(
      '{"1":0,"10":0,"2":0,"B":0,"a":0,"é":0,"\u{1F600}":0,"\uFFFF":0}',
    );
  });

  it('drops undefined in objects, writes null in arrays', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('writes Dates as ISO strings and honours toJSON', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    expect(canonicalJson({ at: d })).toBe('{"at":"2024-01-02T03:04:05.006Z"}');
    expect(canonicalJson({ amount: { toJSON: () => '12.50' } })).toBe('{"amount":"12.50"}');
  });

  it('uses ECMAScript number and string formatting (RFC 8785 compatible)', () => {
    expect(canonicalJson([0, -0, 1e21, 1e-7, 0.1, 123.456, -5])).toBe('[0,0,1e+21,1e-7,0.1,123.456,-5]');
    expect(canonicalJson('line\n"quote"\u0001\u2028中文')).toBe('"line\\n\\"quote\\"\\u0001\u2028中文"');
  });

  it('refuses values JSON would silently lose', () => {
    expect(() => canonicalJson({ x: NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ x: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson({ x: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ x: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ x: new Map() })).toThrow(/Map/);
    expect(() => canonicalJson({ x: new Date('nope') })).toThrow(/invalid Date/);
    expect(() => canonicalJson(undefined)).toThrow(/undefined/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(/circular/);
  });

  it('allows shared (non-circular) references', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });

  it('is stable under key order and a JSON round-trip (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const s = canonicalJson(v);
        expect(canonicalJson(JSON.parse(s))).toBe(s);
        // Same value, keys inserted in reverse order.
        const reversed = JSON.parse(JSON.stringify(v), (_k, x: unknown) =>
          x && typeof x === 'object' && !Array.isArray(x)
            ? Object.fromEntries(Object.entries(x as Record<string, unknown>).reverse())
            : x,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(s);
        expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('canonicalJsonBytes is UTF-8', () => {
    expect(canonicalJsonBytes({ 名: '值' }).toString('hex')).toBe(Buffer.from('{"名":"值"}').toString('hex'));
  });
});
