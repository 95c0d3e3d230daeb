/**
 * fast-check arbitraries for the fuzz suite (apps/server/test/fuzz.test.ts), derived from the
 * JSON schemas of the OpenAPI document the app generates from its zod contracts. Values are
 * "almost right": the shape the schema asks for, with hostile content (markup, NUL, RTL, SQL-ish
 * text, impossible dates, numbers at and beyond the limits) and one part broken (a wrong type, a
 * required field missing, deep nesting) — so that requests reach the services and the database,
 * not only the schema check.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
}

/** Values the fuzzer draws from for identifiers: records that exist (in and out of scope) and region codes. */
export interface Pools {
  uuids: string[];
  regionCodes: string[];
  ints: number[];
}

export const MARKUP = ['<script>alert("mpw")</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', "javascript:alert('x')"];

export const NASTY_STRINGS: string[] = [
  ...MARKUP,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Etxt.exe',
  '\u200B\uFEFF',
  '𠜎𠜱𠝹',
  '\uD800',
  '😀👨‍👩‍👧',
  '１２３４５６',
  "' OR '1'='1",
  "'; drop table users; --",
  '1; select pg_sleep(0)',
  '%00%27',
  '\\',
  '"',
  '../../../../etc/passwd',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'null',
  '-1',
  '0',
  '1e309',
  '9999999999999999999999',
  '2026-02-30',
  '0000-00-00',
  'x'.repeat(300),
  '村'.repeat(6000),
  '\r\n\tline',
];

export const NASTY_DATES = ['2026-02-30', '2025-02-29', '0000-00-00', '0001-01-01', '9999-12-31', '2026-13-01', '2026-00-10', '1900-01-01', '2026-11-29'];

const REGION_PATTERN = '^\\d{12}$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) });

/** A JSON text nested `depth` levels deep, built as a string (no recursion anywhere). */
export function deepJson(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** Anything but what was asked for. */
export function wrongValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    nastyString(),
    fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308),
    fc.constantFrom([], {}, [null], JSON.parse('{"__proto__":{"admin":true}}') as unknown, JSON.parse('{"constructor":{"prototype":{}}}') as unknown),
    fc.integer({ min: 1, max: 60 }).map((d) => JSON.parse(deepJson(d)) as unknown),
    fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
  );
}

function stringFor(s: JsonSchema, pools: Pools): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (s.format === 'uuid') options.push(fc.constantFrom(...pools.uuids), fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000'));
  else if (s.pattern === REGION_PATTERN) options.push(fc.constantFrom(...pools.regionCodes), fc.stringMatching(/^\d{12}$/));
  else if (s.pattern === DATE_PATTERN) options.push(fc.constantFrom(...NASTY_DATES));
  else if (s.format === 'date-time') options.push(fc.constantFrom('2026-02-30T00:00:00Z', '2026-11-29T08:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z'));
  else if (s.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= 200));
    } catch {
      /* a pattern this engine cannot read: hostile strings only */
    }
  }
  if (options.length === 0) {
    const max = Math.min(s.maxLength ?? 30, 30);
    options.push(fc.string({ minLength: Math.min(s.minLength ?? 0, max), maxLength: max }), fc.constantFrom(...MARKUP));
    if (s.maxLength !== undefined) options.push(fc.constant('长'.repeat(s.maxLength)), fc.constant('长'.repeat(s.maxLength + 1)));
  }
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...options) }, { weight: 1, arbitrary: nastyString() });
}

function numberFor(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? -1_000_000;
  const max = s.maximum ?? 1_000_000;
  const edges = [min, max, 0, -1, 1, 2 ** 31, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, max + 1, min - 1, 1.5].filter((n) => Number.isFinite(n));
  const small = integer ? fc.integer({ min: Math.max(min, -1000), max: Math.min(max, Math.max(min, -1000) + 2000) }) : fc.double({ min: Math.max(min, -1000), max: Math.min(max, 1000), noNaN: true });
  return fc.oneof(small, fc.constantFrom(...edges));
}

/** A value of the schema's shape, with hostile content at the leaves. */
export function shaped(s: JsonSchema, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return wrongValue();
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => shaped(a, pools, depth + 1)));
  let arb: fc.Arbitrary<unknown>;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.enum?.length) arb = fc.constantFrom(...s.enum);
  else if (type === 'string') arb = stringFor(s, pools);
  else if (type === 'integer' || type === 'number') arb = numberFor(s, type === 'integer');
  else if (type === 'boolean') arb = fc.boolean();
  else if (type === 'array') arb = fc.array(shaped(s.items ?? {}, pools, depth + 1), { minLength: Math.min(s.minItems ?? 0, 3), maxLength: Math.min(Math.max(s.minItems ?? 0, 3), 6) });
  else if (type === 'object' || s.properties) {
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(props)) model[k] = shaped(v, pools, depth + 1);
    const optional = Object.keys(props).filter((k) => !required.has(k));
    arb = optional.length === 0 ? fc.record(model) : fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
  } else arb = wrongValue();
  return s.nullable ? fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

type Path = (string | number)[];

function containerPaths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const p = [...at, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      if (out.length < 200) containerPaths(child, p, out);
    }
  }
  return out;
}

/** Replaces (or removes) the value at one path: a wrong type, a required field gone. */
function breakAt(v: unknown, path: Path, bad: unknown, remove: boolean): unknown {
  if (path.length === 0) return bad;
  const copy: Record<string | number, unknown> = Array.isArray(v) ? [...(v as unknown[])] as never : { ...(v as Record<string, unknown>) };
  const [head, ...rest] = path as [string | number, ...Path];
  if (rest.length === 0 && remove && !Array.isArray(copy)) delete copy[head];
  else copy[head] = breakAt(copy[head], rest, bad, remove);
  return copy;
}

/** A request body for the schema: shaped with hostile leaves, usually with one part broken. */
export function brokenBody(s: JsonSchema, pools: Pools): fc.Arbitrary<unknown> {
  const base = shaped(s, pools);
  const mutated = fc.tuple(base, wrongValue(), fc.nat(), fc.boolean()).map(([v, bad, pick, remove]) => {
    const paths = containerPaths(v);
    if (paths.length === 0) return bad;
    return breakAt(v, paths[pick % paths.length]!, bad, remove);
  });
  return fc.oneof({ weight: 3, arbitrary: base }, { weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: wrongValue() });
}

/** Values for a path parameter: existing records, other regions' ids, and strings that are no ids at all. */
export function pathValue(s: JsonSchema, pools: Pools, known: string[]): fc.Arbitrary<string> {
  const hostile = fc.constantFrom('abc', '-1', '0', '1.5', '99999999999999999999', "1' OR '1'='1", '<script>', '%00', '..%2F..', '\u202E', '𠜎', '00000000-0000-0000-0000-000000000000', 'x'.repeat(120), '2026-02-30');
  const options: fc.Arbitrary<string>[] = [hostile];
  if (known.length) options.push(fc.constantFrom(...known), fc.constantFrom(...known));
  if (s.format === 'uuid') options.push(fc.constantFrom(...pools.uuids));
  if (s.pattern === REGION_PATTERN) options.push(fc.constantFrom(...pools.regionCodes));
  if (s.type === 'integer') options.push(fc.constantFrom(...pools.ints.map(String)), fc.constantFrom('2147483648', '9007199254740991', '0'));
  if (s.enum?.length) options.push(fc.constantFrom(...s.enum.map(String)));
  if (s.pattern === DATE_PATTERN) options.push(fc.constantFrom(...NASTY_DATES));
  return fc.oneof(...options);
}

/** A query-string value for one parameter (or a repeated one, which arrives as an array). */
export function queryValue(s: JsonSchema, pools: Pools): fc.Arbitrary<string | string[]> {
  const one = fc.oneof({ weight: 3, arbitrary: shaped(s, pools).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')) }, { weight: 1, arbitrary: nastyString() });
  return fc.oneof({ weight: 6, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
}
