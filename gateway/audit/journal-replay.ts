/**
 * The audit journal's committed writes as the table receives them, and the replay of a journal a
 * crash left: its lines are checked link by link and put into the table, with the checkpoints due
 * at them, before anything reads or appends.
 */
import { NrxError } from '../../lib/errors.ts';
import type { Db } from '../store/db.ts';
import type { ChainHead } from './chain.ts';
import { chainHasher } from './chain-hasher.ts';
import { parseCopyLine } from './copy-lines.ts';
import { journalFiles, readSegments } from './journal-files.ts';
import { auditTable, type AuditTable, type CheckpointMark } from './table.ts';

/** Committed in the journal, not yet in the table: one write's entries. */
export interface Pending {
  first: number;
  prev: ChainHead;
  last: ChainHead;
  /** Its entries' lines, as written to the journal: COPY's text format (copy-lines.ts). */
  text: string;
  count: number;
  segment: number;
  marks: CheckpointMark[];
}

export type AuditJournalCode = 'AUDIT_JOURNAL_DAMAGED' | 'AUDIT_JOURNAL_DISAGREES' | 'AUDIT_CLOSED' | 'AUDIT_TABLE_UNWRITABLE';

/** The journal cannot be replayed or committed to; the message names the segment and line, or the entry. */
export class AuditJournalError extends NrxError<AuditJournalCode> {}

/** Whether `p`'s entries chain on directly after `head`. */
export const follows = (p: Pending, head: ChainHead) => p.first === head.seq + 1 && p.prev.hash.equals(head.hash);

export const disagreement = (table: ChainHead, next: Pending) =>
  new AuditJournalError('AUDIT_JOURNAL_DISAGREES', `the audit table ends at entry ${table.seq}, but the journal continues entry ${next.prev.seq} with another hash`);

/** Pending writes' lines, for one COPY. */
export const joined = (batch: readonly Pending[]) => (batch.length === 1 ? batch[0]!.text : batch.map((p) => p.text).join(''));

/**
 * Copies pending writes into the table in one transaction, only if its head is still where they
 * start, with the checkpoints due at them; whether it was.
 */
export function copyIfHead(db: Db, table: AuditTable, batch: readonly Pending[]): Promise<boolean> {
  const from = batch[0]!.prev;
  return db.transaction(async (tx) => {
    const now = await table.lockHead(tx);
    if (now.seq !== from.seq || !now.hash.equals(from.hash)) return false;
    await table.copyAfter(tx, joined(batch), batch.at(-1)!.last, batch.flatMap((p) => p.marks));
    return true;
  });
}

/**
 * Parses a segment's lines into pending writes, with the checkpoints `due` at them; a torn last
 * line (the write a crash cut short, never answered) is dropped.
 */
function parseSegment(text: string, segment: number, last: boolean, where: string, due: (seq: number) => boolean): Pending[] {
  const whole = text.split('\n');
  // Whole lines end in a line break. What follows the last one is a write a crash cut short: it was
  // never answered, so it is dropped; only the newest segment can end that way.
  const tail = whole.pop();
  if (tail && !last) throw new AuditJournalError('AUDIT_JOURNAL_DAMAGED', `${where}: a line is cut short before the end of the segment; the journal is damaged`);
  const hasher = chainHasher();
  const out: Pending[] = [];
  for (const [i, line] of whole.entries()) {
    const entry = parseCopyLine(line);
    if (!entry || hasher.next(entry.prevHex, entry.body) !== entry.hashHex) {
      throw new AuditJournalError('AUDIT_JOURNAL_DAMAGED', `${where} line ${i + 1}: not a sound journal line (its hash does not match its body, or it is not an entry)`);
    }
    const { seq } = entry;
    const marks = due(seq) ? [{ seq, hash: entry.hashHex, at: checkpointTime(entry.body, where, i) }] : [];
    out.push({ first: seq, prev: { seq: seq - 1, hash: Buffer.from(entry.prevHex, 'hex') }, last: { seq, hash: Buffer.from(entry.hashHex, 'hex') }, text: `${entry.line}\n`, count: 1, segment, marks });
  }
  return out;
}

/** The time of an entry a checkpoint is due at: what the checkpoint says it signs. */
function checkpointTime(body: string, where: string, index: number): string {
  const at: unknown = (JSON.parse(body) as { at?: unknown }).at;
  if (typeof at !== 'string') throw new AuditJournalError('AUDIT_JOURNAL_DAMAGED', `${where} line ${index + 1}: the entry has no time`);
  return at;
}

/** Entries a COPY carries at most when a journal is replayed. */
const REPLAY_BATCH = 1000;

/**
 * Puts the entries of a journal left in `dir` that the table lacks into it, with the checkpoints
 * `table` takes (none without a signer); how many. Throws when the journal and the table disagree.
 */
export async function recoverAuditJournal(db: Db, dir: string, table: AuditTable = auditTable({ gateway: 'nrx-audit' })): Promise<number> {
  const segments = readSegments(dir);
  if (!segments.length) return 0;
  const entries = segments.flatMap((s, i) => parseSegment(s.text, s.number, i === segments.length - 1, s.path, table.isCheckpointDue));
  let head = await table.readHead(db);
  const todo = entries.filter((e) => e.last.seq > head.seq);
  for (let at = 0; at < todo.length; at += REPLAY_BATCH) {
    const batch = todo.slice(at, at + REPLAY_BATCH);
    const first = batch[0]!;
    if (!follows(first, head)) {
      throw new AuditJournalError('AUDIT_JOURNAL_DISAGREES', `the audit journal in ${dir} continues entry ${first.prev.seq}, but the table ends at entry ${head.seq} with another hash: they disagree, and the replay stopped there (was the database restored from a backup? the journal holds entries the trail needs: keep it until this is resolved)`);
    }
    for (let i = 1; i < batch.length; i++) {
      if (!follows(batch[i]!, batch[i - 1]!.last)) throw new AuditJournalError('AUDIT_JOURNAL_DAMAGED', `the audit journal in ${dir} is not one chain at entry ${batch[i]!.first}`);
    }
    if (!(await copyIfHead(db, table, batch))) throw new AuditJournalError('AUDIT_JOURNAL_DISAGREES', 'the audit trail moved while its journal was being replayed');
    head = batch.at(-1)!.last;
  }
  const files = journalFiles(dir);
  files.drop(segments.at(-1)!.number);
  await files.close();
  return todo.length;
}
