/**
 * The audit log as `verify` reads it: a batch of rows at a time in sequence order, each body with
 * its stored hash and the officer's columns stored beside it, and a quick check of a whole batch.
 */
import type { Queryable } from '../store/db.ts';
import { chainHasher } from './chain-hasher.ts';
import { SAFE_ID, TEXT_MEMBERS, canonicalEntrySource } from './indexed-members.ts';

export interface LogRow {
  seq: number;
  /** The stored hash, hex. */
  hash: string;
  body: string;
  /**
   * The columns the appender wrote beside the body, still to be checked against it. Absent when
   * the reader found them equal to the body's members already, and the body numbered as the row.
   */
  columns?: StoredColumns;
  /** The field decision list the body names (from a line found sound, so the body and column agree). */
  fieldSet?: string;
}

export interface StoredColumns {
  bodySeq: number | null;
  at: string | null;
  purpose: string | null;
  requester: string | null;
  subject: string | null;
  type: string | null;
  fieldSet: string | null;
}

export interface Batch {
  size: number;
  /** The last row's seq (0 when the batch is empty): where the next batch starts after. */
  lastSeq: number;
  /** A line per row (see LINE), or undefined when a value holds a line break. */
  lines(): readonly string[] | undefined;
  /** The rows one by one, for the exact check: from the lines, or read again if they are unclear. */
  rows(): Promise<LogRow[]>;
}

export type FetchBatch = (after: number, limit: number) => Promise<Batch>;

/**
 * The faster way to read a batch on this kind of database. `withFieldSets` false reads a database
 * a gateway of an earlier version left (no field_set column yet) as one whose entries name no list.
 */
export function batchReader(db: Queryable, kind: string | undefined, withFieldSets = true): FetchBatch {
  const keyset = keysetOf(withFieldSets);
  return kind === 'pglite' ? fetchJoined(db, keyset) : fetchLines(db, keyset);
}

// Without an upper bound on seq: with one, the planner sorted the rest of the range every batch.
// The projection that adds the missing column is pulled up by the planner: the same index scan.
const keysetOf = (withFieldSets: boolean) =>
  `FROM ${withFieldSets ? 'audit_log' : '(SELECT *, NULL::bytea AS field_set FROM audit_log) AS audit_log'} WHERE seq > $1 ORDER BY seq LIMIT $2`;

// A row travels as one line of tab-separated fields: seq, the body, body_seq, the text columns, the
// field decision list's hash in hex ('' when NULL) and the stored hash in hex. A text column is ''
// when NULL and otherwise a quote and the value, which keeps NULL and '' apart and reads as the
// body holds the member. One concat_ws per row: each further function call per row costs the
// embedded database noticeably.
const LINE = `concat_ws(E'\\t', seq, body, coalesce(body_seq::text, ''), ${TEXT_MEMBERS.map((c) => `coalesce('"' || ${c}, '')`).join(', ')}, coalesce(encode(field_set, 'hex'), ''), encode(hash, 'hex'))`;
const HASH_HEX = 64;
/** The columns a batch reads. */
const COLUMNS = `seq, hash, body, body_seq, ${TEXT_MEMBERS.join(', ')}, field_set`;

// The line up to the stored hash, checked at once and without allocating: the body is canonical
// JSON numbered as the row, body_seq says the same, and each column is the body's member (or
// empty where the body has none). Neither the body nor the backreferences hold a tab, so once the
// stored hash is found to be the 64 hex digits that follow, no field can have been shifted.
const SOUND_LINE = new RegExp(
  `(?<seq>${SAFE_ID})\\t${canonicalEntrySource('\\k<seq>')}\\t\\k<seq>${TEXT_MEMBERS.map((c) => `\\t\\k<${c}>`).join('')}\\t\\k<fieldSet>\\t`,
  'y',
);

/** Where a line's stored hash starts, if the line is sound up to it. */
function soundUpToHash(line: string): number | undefined {
  SOUND_LINE.lastIndex = 0;
  if (!SOUND_LINE.test(line)) return undefined;
  const hashAt = SOUND_LINE.lastIndex;
  return line.length - hashAt === HASH_HEX ? hashAt : undefined;
}

// seq comes first and is a number: it can be read from any line. The body, from a sound one.
const seqOf = (line: string) => Number.parseInt(line, 10);
const bodyAt = (line: string) => line.indexOf('\t') + 1;
const bodyOf = (line: string) => line.slice(bodyAt(line), line.indexOf('\t', bodyAt(line)));
/** The stored hash of a line that soundUpToHash accepted. */
export const hashOf = (line: string) => line.slice(-HASH_HEX);
/** The field decision list a sound line's body names (its column precedes the stored hash), if any. */
const fieldSetOfLine = (line: string, hashAt: number) => (line.charCodeAt(hashAt - 2) === 9 ? undefined : line.slice(hashAt - 1 - HASH_HEX, hashAt - 1));

/**
 * Checks lines in one pass, for the common case where all is well: every line sound, numbered on
 * from `expected`, linked by its hash to the one before (the first to `previous`), and naming
 * only field decision lists found sound (`fieldSets`). False sends the lines to the exact check,
 * which names what is wrong, if anything.
 */
export function screenLines(lines: readonly string[], from: number, to: number, previous: string, expected: number, fieldSets: ReadonlySet<string>): boolean {
  const hasher = chainHasher();
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    const hashAt = soundUpToHash(line);
    if (hashAt === undefined) return false;
    if (seqOf(line) !== expected + i - from) return false;
    const fieldSet = fieldSetOfLine(line, hashAt);
    if (fieldSet !== undefined && !fieldSets.has(fieldSet)) return false;
    const hash = hasher.next(previous, bodyOf(line));
    if (!line.startsWith(hash, hashAt)) return false;
    previous = hash;
  }
  return true;
}

/** A server sends rows fast: plain keyset queries, a line per row. */
function fetchLines(db: Queryable, keyset: string): FetchBatch {
  return async (after, limit) => {
    const { rows } = await db.query<{ line: string }>(`SELECT ${LINE} AS line ${keyset}`, [after, limit]);
    const lines = rows.map((r) => r.line);
    return { size: lines.length, lastSeq: lines.length ? seqOf(lines.at(-1)!) : 0, lines: () => lines, rows: () => rowsOf(db, keyset, lines, after, limit) };
  };
}

/**
 * The embedded database hands over each row through a slow path; one text per batch, a line per
 * row, is several times faster. Canonical JSON has no raw line break, but a tampered row may:
 * then the batch has more lines than rows.
 */
function fetchJoined(db: Queryable, keyset: string): FetchBatch {
  return async (after, limit) => {
    const { rows } = await db.query<{ n: number; last: unknown; t: string | null }>(
      `SELECT count(*)::int AS n, max(seq) AS last, string_agg(${LINE}, E'\\n' ORDER BY seq) AS t
         FROM (SELECT ${COLUMNS} ${keyset}) AS batch`,
      [after, limit],
    );
    const { n, last, t } = rows[0]!;
    if (!t) return { size: 0, lastSeq: 0, lines: () => [], rows: async () => [] };
    let split: string[] | undefined;
    const lines = () => {
      split ??= t.split('\n');
      return split.length === n ? split : undefined;
    };
    return { size: n, lastSeq: Number(last), lines, rows: () => rowsOf(db, keyset, lines(), after, limit) };
  };
}

/** The rows of a batch: from its lines when all are sound, else read again with a field per column. */
async function rowsOf(db: Queryable, keyset: string, lines: readonly string[] | undefined, after: number, limit: number): Promise<LogRow[]> {
  const rows: LogRow[] = [];
  for (const line of lines ?? []) {
    const hashAt = soundUpToHash(line);
    if (hashAt === undefined) return fetchRows(db, keyset, after, limit);
    const fieldSet = fieldSetOfLine(line, hashAt);
    rows.push({ seq: seqOf(line), hash: hashOf(line), body: bodyOf(line), ...(fieldSet === undefined ? {} : { fieldSet }) });
  }
  return lines ? rows : fetchRows(db, keyset, after, limit);
}

interface RowRecord {
  seq: unknown;
  hash: string;
  body: string;
  body_seq: unknown;
  at: string | null;
  purpose: string | null;
  requester: string | null;
  subject: string | null;
  type: string | null;
  field_set: string | null;
}

/** Rows with a field per column: slow, but nothing in a value can be taken for a separator. */
async function fetchRows(db: Queryable, keyset: string, after: number, limit: number): Promise<LogRow[]> {
  const { rows } = await db.query<RowRecord>(`SELECT seq, encode(hash, 'hex') AS hash, body, body_seq, ${TEXT_MEMBERS.join(', ')}, encode(field_set, 'hex') AS field_set ${keyset}`, [after, limit]);
  return rows.map((r) => ({
    seq: Number(r.seq),
    hash: r.hash,
    body: r.body,
    columns: { bodySeq: r.body_seq == null ? null : Number(r.body_seq), at: r.at, purpose: r.purpose, requester: r.requester, subject: r.subject, type: r.type, fieldSet: r.field_set },
  }));
}
