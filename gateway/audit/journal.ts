/**
 * Group commit through a local journal, for the embedded database: a read's disclosure entries are
 * committed when their lines are in the journal (one write per turn of the event loop), and the
 * response goes out then; the table receives them afterwards by COPY, up to a thousand at a time.
 *
 * Only for the embedded database, whose single process is the only one appending: the journal
 * then knows the chain's head. Writes still append inside their own transaction (the change and
 * its entry commit together); the head lock puts the journal's entries the table lacks in first,
 * and the journal waits, without committing, until that transaction has ended. Everything that
 * reads the trail waits until the table has caught up (`settled`); a journal left by a crash is
 * put into the table before the gateway serves or `nrx audit` reads.
 */
import type { Db, Queryable } from '../store/db.ts';
import { chainHasher } from './chain-hasher.ts';
import { parseCopyLine } from './copy-lines.ts';
import { journalFiles, readSegments } from './journal-files.ts';
import type { AppendedEntry, AuditLog, ChainHead, CheckpointMark } from './log.ts';
import type { AuditEntryInput } from './entry.ts';

export interface AuditJournalOptions {
  db: Db;
  log: AuditLog;
  /** Where the segments live (the gateway's `dataDir/audit-journal`). */
  dir: string;
  /** Waits for the disk after each write (fdatasync); off, a commit survives the process, as the embedded database's own writes do. */
  fsync?: boolean;
  /** A COPY into the table carries at most this many entries (default 1000). */
  flushEntries?: number;
  /** The table receives committed entries at the latest this long after the first of them (default 200 ms). */
  flushMs?: number;
  /** Committed entries the table may lack before new ones wait for it (default 20,000). */
  maxPending?: number;
  /** A failure to fill the table; entries stay in the journal and are tried again. */
  onError?: (error: unknown) => void;
}

export interface AuditJournal {
  /** Commits entries (chained, in the journal); rejects when they could not be, and then nothing of them is kept. */
  append(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
  /** Resolves when the table holds every entry committed so far; rejects while it cannot be written. */
  settled(): Promise<void>;
  /** Fills the table, stops, and deletes the segments. */
  close(): Promise<void>;
  /** Entries a crash had left in the journal, put into the table when it opened. */
  readonly recovered: number;
}

/** Committed in the journal, not yet in the table: one write's entries. */
interface Pending {
  first: number;
  prev: ChainHead;
  last: ChainHead;
  /** Its entries' lines, as written to the journal: COPY's text format (copy-lines.ts). */
  text: string;
  count: number;
  segment: number;
  marks: CheckpointMark[];
}

export class AuditJournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditJournalError';
  }
}

/** Whether `p`'s entries chain on directly after `head`. */
const follows = (p: Pending, head: ChainHead) => p.first === head.seq + 1 && p.prev.hash.equals(head.hash);

const disagreement = (table: ChainHead, next: Pending) =>
  new AuditJournalError(`the audit table ends at entry ${table.seq}, but the journal continues entry ${next.prev.seq} with another hash`);

/**
 * `db` for the readers of the audit trail (the officer's queries, retention): each statement waits
 * until the table holds every entry committed before it.
 */
export function settledReads(db: Db, journal: Pick<AuditJournal, 'settled'>): Db {
  return {
    kind: db.kind,
    query: async (sql, params) => (await journal.settled(), db.query(sql, params)),
    exec: async (sql) => (await journal.settled(), db.exec(sql)),
    transaction: async (work) => (await journal.settled(), db.transaction(work)),
    close: () => db.close(),
  };
}

/** Pending writes' lines, for one COPY. */
const joined = (batch: readonly Pending[]) => (batch.length === 1 ? batch[0]!.text : batch.map((p) => p.text).join(''));

/**
 * Parses a segment's lines into pending writes, with the checkpoints `due` at them; a torn last
 * line (the write a crash cut short, never answered) is dropped.
 */
function parseSegment(text: string, segment: number, last: boolean, where: string, due: (seq: number) => boolean): Pending[] {
  const whole = text.split('\n');
  // Whole lines end in a line break. What follows the last one is a write a crash cut short: it was
  // never answered, so it is dropped; only the newest segment can end that way.
  const tail = whole.pop();
  if (tail && !last) throw new AuditJournalError(`${where}: a line is cut short before the end of the segment; the journal is damaged`);
  const hasher = chainHasher();
  const out: Pending[] = [];
  for (const [i, line] of whole.entries()) {
    const entry = parseCopyLine(line);
    if (!entry || hasher.next(entry.prevHex, entry.body) !== entry.hashHex) {
      throw new AuditJournalError(`${where} line ${i + 1}: not a sound journal line (its hash does not match its body, or it is not an entry)`);
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
  if (typeof at !== 'string') throw new AuditJournalError(`${where} line ${index + 1}: the entry has no time`);
  return at;
}

/**
 * Puts the entries of a journal left in `dir` that the table lacks into it, with the checkpoints
 * due at them; how many. Throws when the journal and the table disagree.
 */
export async function recoverAuditJournal(db: Db, log: AuditLog, dir: string): Promise<number> {
  const segments = readSegments(dir);
  if (!segments.length) return 0;
  const entries = segments.flatMap((s, i) => parseSegment(s.text, s.number, i === segments.length - 1, s.path, log.internals.isCheckpointDue));
  let head = await log.internals.readHead(db);
  const todo = entries.filter((e) => e.last.seq > head.seq);
  for (let at = 0; at < todo.length; at += 1000) {
    const batch = todo.slice(at, at + 1000);
    const first = batch[0]!;
    if (!follows(first, head)) {
      throw new AuditJournalError(`the audit journal in ${dir} continues entry ${first.prev.seq}, but the table ends at entry ${head.seq} with another hash: they disagree, and the replay stopped there (was the database restored from a backup? the journal holds entries the trail needs: keep it until this is resolved)`);
    }
    for (let i = 1; i < batch.length; i++) {
      if (!follows(batch[i]!, batch[i - 1]!.last)) throw new AuditJournalError(`the audit journal in ${dir} is not one chain at entry ${batch[i]!.first}`);
    }
    const last = batch.at(-1)!.last;
    if (!(await log.internals.copyIfHead(db, joined(batch), head, last, batch.flatMap((p) => p.marks)))) throw new AuditJournalError('the audit trail moved while its journal was being replayed');
    head = last;
  }
  const files = journalFiles(dir);
  files.drop(segments.at(-1)!.number);
  await files.close();
  return todo.length;
}

/**
 * Opens the journal in front of `log` on the embedded database `db`: replays what a crash left,
 * then commits standalone entries through it.
 */
export async function openAuditJournal(options: AuditJournalOptions): Promise<AuditJournal> {
  const { db, log } = options;
  const internals = log.internals;
  const flushEntries = options.flushEntries ?? 1000;
  const flushMs = options.flushMs ?? 200;
  const maxPending = options.maxPending ?? 20_000;
  const recovered = await recoverAuditJournal(db, log, options.dir);
  const files = journalFiles(options.dir, options.fsync ? { fsync: true } : {});
  let segment = files.seal() + 1;

  // Where the next committed entry chains from. Undefined while a transaction may be appending (it
  // holds the head): commits wait until a read of the head, which the database answers only once
  // that transaction has ended, says where the chain now ends.
  let head: ChainHead | undefined = await internals.readHead(db);
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
        const table = await internals.readHead(db);
        if (asked !== generation) continue;
        materialized(table.seq);
        // A transaction that committed took every pending entry in with its own; one that rolled
        // back left the journal's last entry the head.
        head = table.seq >= written.seq ? table : written;
        written = head;
        return;
      }
    })().finally(() => (finding = undefined));
    return finding;
  }

  function schedule(): void {
    if (closed || flushing) return;
    // After a failure, only the timer tries again (backing off), however much is waiting.
    if (pendingEntries >= flushEntries && !failure) void flush().catch(() => {});
    else timer ??= setTimeout(() => void flush().catch(() => {}), failure ? retryMs : flushMs).unref();
  }

  /**
   * Puts pending entries into the table, a statement at a time: all of them when `all`, else until
   * fewer than a statement's worth are left (commits made meanwhile wait for the next one, so that
   * statements stay large).
   */
  function flush(all = false): Promise<void> {
    if (flushing) return all ? flushing.then(() => flush(true)) : flushing;
    if (timer) clearTimeout(timer);
    timer = undefined;
    flushing = (async () => {
      for (let first = true; pending.length && (first || all || pendingEntries >= flushEntries); first = false) {
        // New commits go to a new segment, so that the ones taken here can be deleted once in.
        if (pending.at(-1)!.segment === segment) segment = files.seal() + 1;
        let count = 0;
        let take = 0;
        while (take < pending.length && (take === 0 || count + pending[take]!.count <= flushEntries)) count += pending[take++]!.count;
        const batch = pending.slice(0, take);
        const from = batch[0]!.prev;
        const to = batch.at(-1)!.last;
        if (await internals.copyIfHead(db, joined(batch), from, to, batch.flatMap((p) => p.marks))) {
          materialized(to.seq);
          continue;
        }
        // A transaction took them in already, or the table and the journal disagree.
        const table = await internals.readHead(db);
        materialized(table.seq);
        const next = pending[0];
        if (next && !follows(next, table)) throw disagreement(table, next);
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

  const NO_MARKS: CheckpointMark[] = [];
  /** The checkpoints due at these entries (almost always none). */
  function checkpointMarks(appended: readonly AppendedEntry[]): CheckpointMark[] {
    let marks = NO_MARKS;
    for (const a of appended) if (internals.isCheckpointDue(a.seq)) (marks = marks === NO_MARKS ? [] : marks).push({ seq: a.seq, hash: a.hash, at: a.entry.at });
    return marks;
  }

  /** Chains the entries after the head and writes them to the journal: committed once this returns. */
  function commit(at: ChainHead, inputs: readonly AuditEntryInput[]): AppendedEntry[] {
    const { appended, text, last } = internals.chainLines(at, inputs);
    files.write(text);
    pending.push({
      first: at.seq + 1, prev: at, last, text, count: inputs.length, segment,
      marks: checkpointMarks(appended),
    });
    pendingEntries += inputs.length;
    head = written = last;
    schedule();
    return appended;
  }

  const unavailable = () => new AuditJournalError(`the audit table cannot be written (${(failure as Error)?.message ?? failure}): nothing more is committed until it can`);

  async function appendLater(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    for (;;) {
      if (closed) throw new AuditJournalError('the audit journal is closed');
      if (failure) throw unavailable();
      if (pendingEntries >= maxPending) await flush().catch(() => {});
      else if (!head) await findHead();
      else return commit(head, inputs);
    }
  }

  internals.beforeLockedAppend(async (tx: Queryable, table: ChainHead) => {
    // Until this transaction ends, the head is its own.
    generation++;
    head = undefined;
    const todo = pending.filter((p) => p.last.seq > table.seq);
    if (!todo.length) return table;
    const first = todo[0]!;
    if (!follows(first, table)) throw disagreement(table, first);
    const last = todo.at(-1)!.last;
    await internals.copyLocked(tx, joined(todo), last);
    await internals.checkpointAt(tx, todo.flatMap((p) => p.marks));
    return last;
  });

  function append(inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    if (!inputs.length) return Promise.resolve([]);
    // An entry goes into the journal only once the field decision list it names is in the table
    // (a new list: once per list and process), so that replay never copies an entry without its list.
    const missing = internals.fieldSets.missing(inputs);
    if (missing.length) return internals.fieldSets.store(db, missing).then(() => append(inputs));
    if (head && !failure && !closed && pendingEntries < maxPending) {
      try {
        return Promise.resolve(commit(head, inputs));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return appendLater(inputs);
  }

  return {
    recovered,
    append,
    async settled() {
      while (pending.length) await flush(true);
    },
    async close() {
      if (closed) return;
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
