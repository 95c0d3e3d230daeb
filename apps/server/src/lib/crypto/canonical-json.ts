/**
 * Deterministic JSON for hashing audit events: object keys sorted recursively (by UTF-16
 * code units, like Array#sort and RFC 8785), no whitespace, ECMAScript number and string
 * formatting. For values that came out of JSON.parse the output equals RFC 8785 (JCS),
 * which is what lets the offline verifier recompute a leaf hash from a receipt.
 *
 * Anything that JSON.stringify would silently turn into something else (NaN, Map, Set,
 * functions, cycles) throws instead: an audit record must never hash data it lost.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, '', new Set());
  if (out === undefined) throw new TypeError('canonicalJson: top-level value is undefined');
  return out;
}

export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function serialize(value: unknown, key: string, stack: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at "${key}"`);
      return JSON.stringify(value); // also maps -0 to "0"
    case 'undefined':
      return undefined; // dropped by the caller in objects, null in arrays (as JSON.stringify)
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at "${key}"`);
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`canonicalJson: invalid Date at "${key}"`);
    return JSON.stringify(value.toISOString());
  }
  if (value instanceof Map || value instanceof Set) throw new TypeError(`canonicalJson: Map/Set at "${key}"`);
  if (stack.has(value)) throw new TypeError(`canonicalJson: circular reference at "${key}"`);

  stack.add(value);
  try {
    // Honour toJSON (e.g. decimal types) like JSON.stringify; a toJSON returning `this`
    // is caught by the cycle check because the object is already on the stack.
    const withToJson = value as { toJSON?: (k: string) => unknown };
    if (typeof withToJson.toJSON === 'function') return serialize(withToJson.toJSON(key), key, stack);
    if (Array.isArray(value)) {
      return `[${value.map((v, i) => serialize(v, String(i), stack) ?? 'null').join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(record).sort()) {
      const v = serialize(record[k], k, stack);
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.delete(value);
  }
}
