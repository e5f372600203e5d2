/**
 * Chaining entries after a head: numbering, timing, serialising and hashing them, in the two forms
 * the table takes them (a batch of rows for a statement, lines for COPY). Pure: no database.
 */
import { NrxError } from '../../lib/errors.ts';
import { canonicalJson } from './canonical.ts';
import { chainHasher } from './chain-hasher.ts';
import { copyLine } from './copy-lines.ts';
import type { AuditEntry, AuditEntryInput } from './entry.ts';
import { storedEntry } from './field-sets.ts';

/** Where the chain ends: the last entry's seq and hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  seq: number;
  hash: Buffer;
}

export interface AppendedEntry {
  seq: number;
  hash: string;
  entry: AuditEntry;
}

/**
 * A batch as one statement takes it (table.ts): `rows` the columns of every row as one JSON array,
 * `bodies` the canonical bodies joined by line breaks. Canonical JSON never holds a raw line break
 * (RFC 8785 escapes every control character), so splitting on one gives back each body byte for
 * byte, where a body inside the JSON would be escaped by the client and parsed twice by the database.
 */
export interface RowBatch {
  rows: string;
  bodies: string;
}

export interface Chained<T> {
  appended: AppendedEntry[];
  /** Where the chain ends after these entries. */
  last: ChainHead;
  /** The entries in the form the table takes them. */
  out: T;
}

type Visit = (seq: number, prevHex: string, hashHex: string, entry: AuditEntry, body: string) => void;

const jsonString = (value: string | undefined) => (value === undefined ? 'null' : JSON.stringify(value));

/** The columns of a batch's row, as table.ts reads them (bodies are matched by position). */
function rowJson(seq: number, prevHex: string, hashHex: string, entry: AuditEntry): string {
  return `{"seq":${seq},"prev":"${prevHex}","hash":"${hashHex}","type":${JSON.stringify(entry.type)},"requester":${jsonString(entry.requester)},"subject":${jsonString(entry.subject)},"purpose":${jsonString(entry.purpose)},"at":${JSON.stringify(entry.at)},"field_set":${jsonString(entry.fieldSet)}}`;
}

/** Chains entries; `now` times those that carry no time of their own. */
export function chainer(now: () => Date = () => new Date()) {
  const hasher = chainHasher();
  function each(head: ChainHead, inputs: readonly AuditEntryInput[], visit: Visit): { appended: AppendedEntry[]; last: ChainHead } {
    const at = now().toISOString();
    let runningHex = head.hash.toString('hex');
    const appended: AppendedEntry[] = [];
    for (const [i, input] of inputs.entries()) {
      const seq = head.seq + 1 + i;
      const entry = storedEntry(input, seq, at);
      const body = canonicalJson(entry);
      // Never true of canonical JSON; checked because a raw line break would shift every later body.
      if (body.includes('\n')) throw new NrxError('INTERNAL', 'an audit entry serialised with a raw line break: not appended');
      const hashHex = hasher.next(runningHex, body);
      visit(seq, runningHex, hashHex, entry, body);
      appended.push({ seq, hash: hashHex, entry });
      runningHex = hashHex;
    }
    return { appended, last: { seq: head.seq + inputs.length, hash: Buffer.from(runningHex, 'hex') } };
  }
  return {
    /** The entries as a batch of rows for one statement. */
    rows(head: ChainHead, inputs: readonly AuditEntryInput[]): Chained<RowBatch> {
      const rows: string[] = [];
      const bodies: string[] = [];
      const { appended, last } = each(head, inputs, (seq, prevHex, hashHex, entry, body) => {
        // The officer's columns, written from the entry that is hashed (verify checks them against the body).
        rows.push(rowJson(seq, prevHex, hashHex, entry));
        bodies.push(body);
      });
      return { appended, last, out: { rows: `[${rows.join(',')}]`, bodies: bodies.join('\n') } };
    },
    /** The entries as lines in COPY's text format (copy-lines.ts). */
    lines(head: ChainHead, inputs: readonly AuditEntryInput[]): Chained<string> {
      let text = '';
      const { appended, last } = each(head, inputs, (seq, prevHex, hashHex, entry, body) => {
        text += copyLine(seq, prevHex, hashHex, entry, body);
      });
      return { appended, last, out: text };
    },
  };
}

export type Chainer = ReturnType<typeof chainer>;
