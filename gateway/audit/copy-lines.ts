/**
 * Audit rows in COPY's text format: one line per entry, the columns of `AUDIT_COLUMNS` separated by
 * tabs. The embedded database's journal is written in it, so that its lines go into the table as
 * they are, read by COPY's own parser (cheaper there than any statement taking them apart).
 */
import type { AuditEntry } from './entry.ts';

/** The audit table's columns, in the order a batch (or a COPY line) gives them. */
export const AUDIT_COLUMNS = 'seq, prev_hash, hash, body, body_seq, type, requester, subject, purpose, at, field_set';

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A text value as COPY reads it back: backslash, tab and line breaks escaped. */
const field = (value: string) => (SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value);
const nullable = (value: string | undefined) => (value === undefined ? '\\N' : field(value));

/** The line of one chained entry (line break included); hashes in hex. */
export function copyLine(seq: number, prevHex: string, hashHex: string, entry: AuditEntry, body: string): string {
  const fieldSet = entry.fieldSet === undefined ? '\\N' : `\\\\x${entry.fieldSet}`;
  return `${seq}\t\\\\x${prevHex}\t\\\\x${hashHex}\t${field(body)}\t${seq}\t${field(entry.type)}\t${nullable(entry.requester)}\t${nullable(entry.subject)}\t${nullable(entry.purpose)}\t${field(entry.at)}\t${fieldSet}\n`;
}

export interface CopiedEntry {
  seq: number;
  prevHex: string;
  hashHex: string;
  body: string;
  /** The line with every column COPY now takes (an earlier version's line gets field_set NULL), without its line break. */
  line: string;
}

const HASH_FIELD = /^\\\\x[0-9a-f]{64}$/;

/** How many columns a line of an earlier version had: all but field_set, which is the last. */
const EARLIER_LINE_COLUMNS = 10;
const FIELD_SET_FIELD = /^(\\N|\\\\x[0-9a-f]{64})$/;

/**
 * What a line holds, or undefined when it is not a line copyLine writes (or wrote before field
 * decision lists were stored apart: without the last column, which COPY then needs added).
 */
export function parseCopyLine(line: string): CopiedEntry | undefined {
  const fields = line.split('\t');
  if (fields.length !== EARLIER_LINE_COLUMNS && !(fields.length === EARLIER_LINE_COLUMNS + 1 && FIELD_SET_FIELD.test(fields[EARLIER_LINE_COLUMNS]!))) return undefined;
  const [seqText, prev, hash, body, bodySeq] = fields as [string, string, string, string, string];
  const seq = Number(seqText);
  if (!Number.isSafeInteger(seq) || seq < 1 || String(seq) !== seqText || bodySeq !== seqText || !HASH_FIELD.test(prev) || !HASH_FIELD.test(hash)) return undefined;
  return {
    seq,
    prevHex: prev.slice(3),
    hashHex: hash.slice(3),
    body: body.includes('\\') ? body.replace(/\\(.)/g, (_, c: string) => UNESCAPES[c] ?? c) : body,
    line: fields.length === EARLIER_LINE_COLUMNS ? `${line}\t\\N` : line,
  };
}
