/**
 * The top-level members of an entry's body that the officer's columns repeat (id, at, type,
 * requester, subject, purpose), read exactly as a JSON parser would, but mostly without building
 * the entry: `verify` reads them for every row, and a full parse per row was most of its cost.
 */

/** The members the columns repeat, as the body holds them (null: absent, or JSON null). */
export interface IndexedMembers {
  /** The entry's own number; null when the body has no integer `id`. */
  id: number | null;
  at: Text;
  type: Text;
  requester: Text;
  subject: Text;
  purpose: Text;
  /** The hash naming the entry's stored field decision list. */
  fieldSet: Text;
}

/**
 * A member's value: a string, null, or a value of another kind, which no text column equals (the
 * appender writes strings there; jsonb's ->> would have compared a number's text).
 */
export type Text = string | null | typeof NOT_TEXT;
export const NOT_TEXT: unique symbol = Symbol('not a string');

/** The body is not JSON at all. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

// The bodies the appender writes, as a regular expression: canonical JSON (no whitespace, keys
// sorted), strings without escapes, values nested two levels deep at most (details and fields).
// Every text it accepts is JSON, has no raw tab or line break, and its groups are the top-level
// members, whatever the same text inside details or fields says. Anything else (an escape, a key
// it does not know, deeper nesting) is read by JSON.parse instead: slower, and just as exact.
const STRING = String.raw`"[^"\\\x00-\x1f]*"`;
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`;
const SCALAR = `(?:${STRING}|${NUMBER}|true|false|null)`;
const nestedOnce = (inner: string) => `(?:${SCALAR}|\\[(?:${inner}(?:,${inner})*)?\\]|\\{(?:${STRING}:${inner}(?:,${STRING}:${inner})*)?\\})`;
const VALUE = nestedOnce(nestedOnce(SCALAR));
// A string member's group holds its opening quote and its value, which is how a column travels
// (see log-rows.ts): a quote, then the value.
const text = (key: string) => String.raw`(?<${key}>"[^"\\\x00-\x1f]*)"`;
const optional = (key: string, value: string) => `(?:,"${key}":${value})?`;
// A field decision list's name: its group holds the hex digits alone, as the column travels.
const FIELD_SET = '(?:,"fieldSet":"(?<fieldSet>[0-9a-f]{64})")?';

/** The expression for a body, `id` being the expression for its number (which cannot have a leading zero). */
export function canonicalEntrySource(id: string): string {
  return (
    `\\{"at":${text('at')}${optional('details', VALUE)}${FIELD_SET}${optional('fields', VALUE)},"id":${id}${optional('operationHash', VALUE)}${optional('payloadHash', VALUE)}` +
    `${optional('purpose', text('purpose'))}${optional('requester', text('requester'))}${optional('subject', text('subject'))},"type":${text('type')}${optional('user', VALUE)}\\}`
  );
}

/** The string members; the officer's text columns have the same names. */
export const TEXT_MEMBERS = ['at', 'purpose', 'requester', 'subject', 'type'] as const;

// Up to 15 digits: always a safe integer.
export const SAFE_ID = '[1-9][0-9]{0,14}';
const CANONICAL_ENTRY = new RegExp(`^${canonicalEntrySource(`(?<id>${SAFE_ID})`)}$`);

/** Reads the members the columns repeat, or says that the body is not JSON. */
export function readIndexedMembers(body: string): IndexedMembers | typeof NOT_JSON {
  const groups = CANONICAL_ENTRY.exec(body)?.groups;
  if (!groups) return parsedMembers(body);
  // The groups hold strings without escapes: the value is what follows the opening quote.
  const value = (quoted: string | undefined) => (quoted === undefined ? null : quoted.slice(1));
  return {
    id: Number(groups.id),
    at: value(groups.at),
    purpose: value(groups.purpose),
    requester: value(groups.requester),
    subject: value(groups.subject),
    type: value(groups.type),
    fieldSet: groups.fieldSet ?? null,
  };
}

/** A body the expression does not describe. Duplicate keys: the last wins, as in jsonb. */
function parsedMembers(body: string): IndexedMembers | typeof NOT_JSON {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
  // Like jsonb's ->>, a body that is not an object has none of the members.
  const entry = (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const member = (key: string): unknown => (Object.hasOwn(entry, key) ? entry[key] : null);
  const textOf = (key: string): Text => {
    const v = member(key);
    return v === null || typeof v === 'string' ? v : NOT_TEXT;
  };
  const id = member('id');
  return {
    id: typeof id === 'number' && Number.isSafeInteger(id) ? id : null,
    at: textOf('at'),
    type: textOf('type'),
    requester: textOf('requester'),
    subject: textOf('subject'),
    purpose: textOf('purpose'),
    fieldSet: textOf('fieldSet'),
  };
}
