/**
 * The driver for the embedded database, whose one process is the only appender: a batch of records
 * is committed by one write to a local journal (journal-files.ts), whose lines are the rows in
 * COPY's text format, and reaches the table afterwards, many writes to a COPY. Writes still append
 * inside their own transaction (the change and its entry commit together): such an append first
 * puts the journal's entries the table lacks into that transaction, and the journal commits
 * nothing until the transaction has ended. Everything that reads the trail waits until the table
 * has caught up (`reads`); a journal left by a crash is replayed before anything else.
 */
import type { Db, Queryable } from '../store/db.ts';
import type { AppenderOptions, AuditAppender } from './appender.ts';
import { batchQueue } from './batch-queue.ts';
import type { AppendedEntry, ChainHead } from './chain.ts';
import { assertAuditInput, type AuditEntryInput } from './entry.ts';
import { journalFiles } from './journal-files.ts';
import { AuditJournalError, copyIfHead, disagreement, follows, recoverAuditJournal, type Pending } from './journal-replay.ts';
import { auditTable } from './table.ts';

export interface JournalLimits {
  /** A COPY into the table carries at most this many entries. */
  copyEntries: number;
  /** The table receives committed entries at the latest this long after the first of them. */
  copyAfterMs: number;
  /** Committed entries the table may lack before new ones wait for it. */
  maxPending: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { copyEntries: 1000, copyAfterMs: 200, maxPending: 20_000 };

export interface JournalAppenderOptions extends AppenderOptions {
  /** Where the segments live (the gateway's `dataDir/audit-journal`). */
  dir: string;
  /** Waits for the disk after each write (fdatasync); off, a commit survives the process, as the embedded database's own writes do. */
  fsync?: boolean;
  limits?: Partial<JournalLimits>;
  /** A failure to fill the table; entries stay in the journal and are tried again. */
  onError?: (error: unknown) => void;
}

/** `db` for the readers of the trail: each statement waits until the table holds every entry committed before it. */
function settledReads(db: Db, settled: () => Promise<void>): Db {
  return {
    kind: db.kind,
    query: async (sql, params) => (await settled(), db.query(sql, params)),
    exec: async (sql) => (await settled(), db.exec(sql)),
    transaction: async (work) => (await settled(), db.transaction(work)),
    close: () => db.close(),
  };
}

export async function openJournalAppender(options: JournalAppenderOptions): Promise<AuditAppender> {
  const { db } = options;
  const { copyEntries, copyAfterMs, maxPending } = { ...DEFAULT_JOURNAL_LIMITS, ...options.limits };
  const table = auditTable(options);
  const recovered = await recoverAuditJournal(db, options.dir, table);
  const files = journalFiles(options.dir, options.fsync ? { fsync: true } : {});
  let segment = files.seal() + 1;

  // Where the next committed entry chains from. Undefined while a transaction may be appending (it
  // holds the head): commits wait until a read of the head, which the database answers only once
  // that transaction has ended, says where the chain now ends.
  let head: ChainHead | undefined = await table.readHead(db);
  // The last entry committed in the journal.
  let written: ChainHead = head;
  let generation = 0;
  let pending: Pending[] = [];
  let pendingEntries = 0;
  let failure: unknown;
  let flushing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retryMs = 0;
  let closed = false;
  let finding: Promise<void> | undefined;

  /** The table holds everything up to `seq`: those writes are no longer pending, and their closed segments can go. */
  function materialized(seq: number): void {
    if (!pending.length || pending[0]!.last.seq > seq) return;
    pending = pending.filter((p) => p.last.seq > seq);
    pendingEntries = pending.reduce((n, p) => n + p.count, 0);
    files.drop((pending[0]?.segment ?? segment) - 1);
  }

  function findHead(): Promise<void> {
    finding ??= (async () => {
      for (;;) {
        const asked = generation;
        const now = await table.readHead(db);
        if (asked !== generation) continue;
        materialized(now.seq);
        // A transaction that committed took every pending entry in with its own; one that rolled
        // back left the journal's last entry the head.
        head = now.seq >= written.seq ? now : written;
        written = head;
        return;
      }
    })().finally(() => (finding = undefined));
    return finding;
  }

  function schedule(): void {
    if (closed || flushing) return;
    // After a failure, only the timer tries again (backing off), however much is waiting.
    if (pendingEntries >= copyEntries && !failure) void flush().catch(() => {});
    else timer ??= setTimeout(() => void flush().catch(() => {}), failure ? retryMs : copyAfterMs).unref();
  }

  /**
   * Puts pending entries into the table, a COPY at a time: all of them when `all`, else until fewer
   * than a COPY's worth are left (commits made meanwhile wait for the next one, so COPYs stay large).
   */
  function flush(all = false): Promise<void> {
    if (flushing) return all ? flushing.then(() => flush(true)) : flushing;
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = (async () => {
      for (let first = true; pending.length && (first || all || pendingEntries >= copyEntries); first = false) {
        // New commits go to a new segment, so that the ones taken here can be deleted once in.
        if (pending.at(-1)!.segment === segment) segment = files.seal() + 1;
        let count = 0;
        let take = 0;
        while (take < pending.length && (take === 0 || count + pending[take]!.count <= copyEntries)) count += pending[take++]!.count;
        const batch = pending.slice(0, take);
        if (await copyIfHead(db, table, batch)) {
          materialized(batch.at(-1)!.last.seq);
          continue;
        }
        // A transaction took them in already, or the table and the journal disagree.
        const now = await table.readHead(db);
        materialized(now.seq);
        const next = pending[0];
        if (next && !follows(next, now)) throw disagreement(now, next);
      }
    })().then(
      () => {
        failure = undefined;
        retryMs = 0;
      },
      (error: unknown) => {
        failure = error;
        retryMs = Math.min(5000, Math.max(100, retryMs * 2));
        options.onError?.(error);
        throw error;
      },
    ).finally(() => {
      flushing = undefined;
      if (pending.length) schedule();
    });
    return flushing;
  }

  /** Chains the entries after the head and writes them to the journal: committed once this returns. */
  function commit(at: ChainHead, inputs: readonly AuditEntryInput[]): AppendedEntry[] {
    const { appended, out: text, last } = table.chain.lines(at, inputs);
    files.write(text);
    pending.push({ first: at.seq + 1, prev: at, last, text, count: inputs.length, segment, marks: table.marksOf(appended) });
    pendingEntries += inputs.length;
    head = written = last;
    schedule();
    return appended;
  }

  const unavailable = () => new AuditJournalError('AUDIT_TABLE_UNWRITABLE', `the audit table cannot be written (${(failure as Error)?.message ?? failure}): nothing more is committed until it can`);

  async function write(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    // An entry goes into the journal only once the field decision list it names is in the table
    // (a new list: once per list and process), so that replay never copies an entry without its list.
    const missing = table.fieldSets.missing(inputs);
    if (missing.length) await table.fieldSets.store(db, missing);
    for (;;) {
      if (closed) throw new AuditJournalError('AUDIT_CLOSED', 'the audit journal is closed');
      if (failure) throw unavailable();
      if (pendingEntries >= maxPending) await flush().catch(() => {});
      else if (!head) await findHead();
      else return commit(head, inputs);
    }
  }

  // The common case answers without a further turn: the head is known and the table keeps up.
  const queue = batchQueue(
    (inputs) => (head && !failure && !closed && pendingEntries < maxPending && !table.fieldSets.missing(inputs).length ? commit(head, inputs) : write(inputs)),
    options.batch,
  );

  /** Locks the head for a write's transaction, with the journal's entries the table lacks put in first. */
  async function lockHead(tx: Queryable): Promise<ChainHead> {
    const now = await table.lockHead(tx);
    // Until this transaction ends, the head is its own.
    generation++;
    head = undefined;
    const todo = pending.filter((p) => p.last.seq > now.seq);
    if (!todo.length) return now;
    if (!follows(todo[0]!, now)) throw disagreement(now, todo[0]!);
    const last = todo.at(-1)!.last;
    await table.copyAfter(tx, todo.map((p) => p.text).join(''), last, todo.flatMap((p) => p.marks));
    return last;
  }

  async function appendMany(tx: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    if (!inputs.length) return [];
    for (const input of inputs) assertAuditInput(input);
    return table.appendAfter(tx, await lockHead(tx), inputs);
  }

  async function settled(): Promise<void> {
    while (pending.length) await flush(true);
  }

  return {
    recovered,
    append: async (tx, input) => (await appendMany(tx, [input]))[0]!,
    appendMany,
    record: (inputs) => (closed ? Promise.reject(new AuditJournalError('AUDIT_CLOSED', 'the audit journal is closed')) : queue.add(inputs)),
    checkpoint: () => db.transaction(async (tx) => table.checkpointHead(tx, await lockHead(tx))),
    reads: settledReads(db, settled),
    settled,
    async close() {
      if (closed) return;
      await queue.drain();
      closed = true;
      if (timer) clearTimeout(timer);
      await (finding ?? Promise.resolve()).catch(() => {});
      while (pending.length) await flush(true);
      files.seal();
      files.drop(Number.MAX_SAFE_INTEGER);
      await files.close();
    },
  };
}
