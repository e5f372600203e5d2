/**
 * The audit trail's one way in. Two drivers implement it: `tableAppender` group-commits straight
 * into the audit table (any PostgreSQL; several gateway processes may share one server), and
 * `openJournalAppender` commits in a local journal in front of the embedded database, whose one
 * process is the only appender, and fills the table from it. Both pass the same contract suite
 * (test/gateway/audit/appender-contract.ts). `openAuditAppender`
 * (open-appender.ts) picks one.
 */
import type { Db, Queryable } from '../store/db.ts';
import type { BatchLimits } from './batch-queue.ts';
import type { AppendedEntry } from './chain.ts';
import type { StoredCheckpoint } from './checkpoint.ts';
import type { AuditEntryInput } from './entry.ts';
import type { AuditTableOptions } from './table.ts';

export type { AppendedEntry } from './chain.ts';

/** What a write needs: its entry appended inside its own transaction. */
export interface TransactionalAppender {
  /**
   * Appends an entry inside the caller's transaction: it commits with the caller's write or not at
   * all, and a refused or failed entry makes the caller's transaction fail (fail closed).
   */
  append(tx: Queryable, input: AuditEntryInput): Promise<AppendedEntry>;
  /** The same for several entries: one lock of the head, one insert. */
  appendMany(tx: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
}

export interface AuditAppender extends TransactionalAppender {
  /**
   * Records entries that belong to no other write (a read's disclosures), batched with other
   * requests' (batch-queue.ts): resolves once they are committed, in order and chained; rejects
   * when they could not be, and then nothing of them is kept (the caller withholds its response).
   */
  record(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
  /** Signs and stores a checkpoint of the trail as it is now (or returns the one already taken there). */
  checkpoint(): Promise<StoredCheckpoint>;
  /** The database as the trail's readers use it: each statement sees every entry committed before it. */
  readonly reads: Db;
  /** Resolves once the table holds every entry committed so far; rejects while it cannot be written. */
  settled(): Promise<void>;
  /** Entries a crash had left committed outside the table, put into it at start. */
  readonly recovered: number;
  /** Writes what is queued, puts every committed entry into the table, and refuses further records. */
  close(): Promise<void>;
}

export interface AppenderOptions extends AuditTableOptions {
  db: Db;
  /** When a batch of records is written (default: 1000 entries, or at the end of the turn of the event loop). */
  batch?: BatchLimits;
}
