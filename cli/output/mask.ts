/**
 * A record with every value replaced by what kind of value it is, so that its shape (which
 * fields the mapping filled, how many items) can be shown without personal data. Codes from a
 * codelist are personal data too (her sex, her needs), so nothing is kept but the structure.
 */
export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  if (value === null) return null;
  return `<${typeof value}>`;
}
