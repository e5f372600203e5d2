/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON that audit entries hold: object keys sorted
 * by UTF-16 code units, no whitespace, strings and numbers as ECMAScript serialises them (which is
 * what RFC 8785 prescribes). Entries are hashed in this form, so the same entry always hashes alike.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for NaN or Infinity');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const list = sealed.get(value);
        if (list !== undefined) return list;
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
        return out + ']';
      }
      const known = sealed.get(value);
      if (known !== undefined) return known;
      // Default sort compares UTF-16 code units, as RFC 8785 section 3.2.3 requires.
      const keys = Object.keys(value).sort();
      let out = '{';
      for (const key of keys) {
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined) continue;
        out += (out.length > 1 ? ',' : '') + quotedKey(key) + ':' + canonicalJson(member);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonical JSON has no representation for ${typeof value}`);
  }
}

/** Member names as JSON strings; entries use a few dozen names over and over. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Canonical forms of sealed objects: frozen all the way down, so the form can never go stale. */
const sealed = new WeakMap<object, string>();

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * Freezes an object whose values are scalars (strings, numbers, booleans, null) or arrays of
 * scalars, arrays included, and remembers its canonical JSON: an object that recurs in entry after
 * entry (a field decision, an entry's details) is serialised once.
 */
export function sealCanonical<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) {
    if (isScalar(v)) continue;
    if (!Array.isArray(v) || !v.every(isScalar)) throw new TypeError('only an object of scalars and arrays of scalars can be sealed');
    Object.freeze(v);
  }
  Object.freeze(value);
  sealed.set(value, canonicalJson(value));
  return value;
}

/** Freezes a list of sealed objects and remembers its canonical JSON: a list that recurs (a response's field decisions) is serialised once. */
export function sealList<T extends object>(items: T[]): readonly Readonly<T>[] {
  if (!items.every((item) => sealed.has(item))) throw new TypeError('only a list of sealed objects can be sealed');
  Object.freeze(items);
  sealed.set(items, `[${items.map((item) => sealed.get(item)).join(',')}]`);
  return items;
}

/** Whether `value` was sealed by sealCanonical (and so cannot have changed since). */
export const isSealed = (value: object): boolean => sealed.has(value);
