import type { Db, Queryable } from '../store/db.ts';
import { canonicalJson } from './canonical.ts';
import type { CheckpointPayload, CheckpointSigner, StoredCheckpoint } from './checkpoint.ts';
import { assertAuditInput, type AuditEntry, type AuditEntryInput } from './entry.ts';
import { chainHasher } from './chain-hasher.ts';
import { asBuffer } from './hash.ts';
import { AUDIT_COLUMNS, copyLine } from './copy-lines.ts';
import { storeFieldSets, storedEntry, storedFieldSets, type StoredFieldSets } from './field-sets.ts';

export interface AuditLogOptions {
  /** This gateway's member id, named in its checkpoints. */
  gateway: string;
  /** Signs checkpoints; without it no checkpoint is taken. */
  signer?: CheckpointSigner;
  /** Take a checkpoint, in the same transaction, whenever an entry's sequence is a multiple of this. 0: only on demand. */
  checkpointEvery?: number;
  now?: () => Date;
}

export interface AppendedEntry {
  seq: number;
  hash: string;
  entry: AuditEntry;
}

export interface StandaloneOptions {
  /** The caller has run every entry through the guard already. */
  checked?: boolean;
  /**
   * The database runs statements in the order they are sent, on one connection (the embedded
   * database's worker): a batch may then be sent before the previous one is answered.
   */
  pipelined?: boolean;
}

export interface AuditLog {
  /**
   * Appends an entry inside the caller's transaction: the entry commits with the caller's write or
   * not at all, and a refused or failed entry makes the caller's transaction fail (fail closed).
   */
  append(tx: Queryable, input: AuditEntryInput): Promise<AppendedEntry>;
  /**
   * Appends several entries under one lock of the head and one insert: what a request's field
   * decisions, or a batch of requests, cost. All or none, inside the caller's transaction.
   */
  appendMany(tx: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]>;
  /**
   * Appends entries that belong to no other write (a read's disclosures) in ONE statement: the
   * insert happens only if the head is still where this process last saw it, so a stale view
   * (another process appended, or a caller's transaction rolled back) inserts nothing and is
   * retried from the real head. One round trip instead of a locked read, an insert and an update.
   */
  appendStandalone(db: Queryable, inputs: readonly AuditEntryInput[], options?: StandaloneOptions): Promise<AppendedEntry[]>;
  /** Signs and stores a checkpoint of the log as it is now (or returns the one already taken there). */
  checkpoint(db: Db): Promise<StoredCheckpoint>;
  /** What the local journal (journal.ts) builds on; not for other callers. */
  readonly internals: LogInternals;
}

/** Where the chain ends: the last entry's seq and hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  seq: number;
  hash: Buffer;
}

/** Entries chained after a head as lines in COPY's text format. */
export interface ChainedLines {
  appended: AppendedEntry[];
  text: string;
  last: ChainHead;
}

/** A signed checkpoint due at an entry: its seq, hash and time. */
export interface CheckpointMark {
  seq: number;
  hash: string;
  at: string;
}

/**
 * Called with the head locked inside a transaction, before the transaction's own entries are
 * chained after it: the journal puts the entries it committed but the table lacks in first, and
 * answers the head after them.
 */
export type BeforeLockedAppend = (tx: Queryable, head: ChainHead) => Promise<ChainHead>;

export interface LogInternals {
  chainLines(head: ChainHead, inputs: readonly AuditEntryInput[]): ChainedLines;
  /** Copies lines chained after `head` into the table (the caller holds the head's lock) and moves the head to `last`. */
  copyLocked(tx: Queryable, text: string, last: ChainHead): Promise<void>;
  /**
   * Copies lines chained after `head` into the table in one transaction, only if the head is still
   * there, with the newest of the checkpoints due at them; whether it was.
   */
  copyIfHead(db: Db, text: string, head: ChainHead, last: ChainHead, marks?: readonly CheckpointMark[]): Promise<boolean>;
  readHead(db: Queryable): Promise<ChainHead>;
  /** Whether an entry at `seq` is due a checkpoint. */
  isCheckpointDue(seq: number): boolean;
  /** Signs and stores the newest of these checkpoints (their entries are in the table). */
  checkpointAt(db: Queryable, marks: readonly CheckpointMark[]): Promise<void>;
  /** Makes every locked append (writes, checkpoints, reviews) call `hook` first. */
  beforeLockedAppend(hook: BeforeLockedAppend): void;
  /** The field decision lists this log knows are stored: entries naming others wait for them to be. */
  readonly fieldSets: StoredFieldSets;
}

/**
 * A batch arrives as two text parameters: its rows' columns as one JSON array, which the database
 * parses natively (ten array parameters cost the client an escaped array literal per column, and
 * the embedded database's worker a structured clone of each), and the canonical bodies joined by
 * newlines. Canonical JSON never holds a raw line break (RFC 8785 escapes every control
 * character), so splitting on one gives back each body byte for byte, where a body inside the
 * JSON would be escaped by the client and parsed twice by the database: most of an append's cost.
 */
const ROWS = `SELECT r.seq, decode(r.prev, 'hex'), decode(r.hash, 'hex'), b.body, r.seq, r.type, r.requester, r.subject, r.purpose, r.at, decode(r.field_set, 'hex')
  FROM json_to_recordset($1::json) AS r(seq bigint, prev text, hash text, type text, requester text, subject text, purpose text, at text, field_set text)
  JOIN string_to_table($2::text, E'\\n') WITH ORDINALITY AS b(body, i) ON r.seq = $3::bigint + b.i`;

/** A string member of a batch row, or null. */
const jsonString = (value: string | undefined) => (value === undefined ? 'null' : JSON.stringify(value));

/** The columns of a batch's row, as the ROWS statement reads them (bodies are matched by position after $3, the head's seq). */
function rowJson(seq: number, prevHex: string, hashHex: string, entry: AuditEntry): string {
  return `{"seq":${seq},"prev":"${prevHex}","hash":"${hashHex}","type":${JSON.stringify(entry.type)},"requester":${jsonString(entry.requester)},"subject":${jsonString(entry.subject)},"purpose":${jsonString(entry.purpose)},"at":${JSON.stringify(entry.at)},"field_set":${jsonString(entry.fieldSet)}}`;
}

/** A batch as the ROWS statement takes it: $1 the rows' columns, $2 their bodies. */
interface Batch {
  rows: string;
  bodies: string;
}

interface HeadRow {
  seq: unknown;
  hash: unknown;
}

/**
 * Locks the chain head for the rest of the transaction. Every appender on every gateway process
 * queues here, which is what keeps the sequence gap-free and the chain unforked.
 */
async function lockHeadRow(tx: Queryable): Promise<ChainHead> {
  const { rows } = await tx.query<HeadRow>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  const row = rows[0];
  if (!row) throw new Error('the audit trail has no head row: run the migrations');
  return { seq: Number(row.seq), hash: asBuffer(row.hash) };
}

async function readHead(db: Queryable): Promise<ChainHead> {
  const { rows } = await db.query<HeadRow>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const row = rows[0];
  if (!row) throw new Error('the audit trail has no head row: run the migrations');
  return { seq: Number(row.seq), hash: asBuffer(row.hash) };
}

async function insertCheckpoint(tx: Queryable, signer: CheckpointSigner, payload: CheckpointPayload): Promise<StoredCheckpoint> {
  const jws = await signer.sign(payload);
  await tx.query('INSERT INTO audit_checkpoints (seq, gateway, at, jws) VALUES ($1, $2, $3, $4)', [payload.lastSeq, payload.gateway, payload.at, jws]);
  return { seq: payload.lastSeq, gateway: payload.gateway, jws };
}

/** Conditional appends tried before a standalone append waits for the head's lock instead. */
const OPTIMISTIC_ATTEMPTS = 5;
const isDb = (db: Queryable): db is Db => typeof (db as Partial<Db>).transaction === 'function';

export function auditLog(options: AuditLogOptions): AuditLog {
  const { gateway, signer, checkpointEvery = 0 } = options;
  const now = options.now ?? (() => new Date());
  const hasher = chainHasher();
  const fieldSets = storedFieldSets();
  /** Numbers, times, serialises and hashes entries after `head`, handing each to `visit`; the entries and where the chain then ends. */
  function chainEach(head: ChainHead, inputs: readonly AuditEntryInput[], visit: (seq: number, prevHex: string, hashHex: string, entry: AuditEntry, body: string) => void) {
    const at = now().toISOString();
    let runningHex = head.hash.toString('hex');
    const appended: AppendedEntry[] = [];
    for (const [i, input] of inputs.entries()) {
      const seq = head.seq + 1 + i;
      const entry = storedEntry(input, seq, at);
      const body = canonicalJson(entry);
      // Never true of canonical JSON; checked because a raw line break would shift every later body.
      if (body.includes('\n')) throw new Error('an audit entry serialised with a raw line break: not appended');
      const hashHex = hasher.next(runningHex, body);
      visit(seq, runningHex, hashHex, entry, body);
      appended.push({ seq, hash: hashHex, entry });
      runningHex = hashHex;
    }
    return { appended, last: { seq: head.seq + inputs.length, hash: Buffer.from(runningHex, 'hex') } };
  }
  /** The same entries as lines in COPY's text format (copy-lines.ts). */
  function chainLines(head: ChainHead, inputs: readonly AuditEntryInput[]): ChainedLines {
    let text = '';
    const { appended, last } = chainEach(head, inputs, (seq, prevHex, hashHex, entry, body) => {
      text += copyLine(seq, prevHex, hashHex, entry, body);
    });
    return { appended, text, last };
  }
  /** The rows a batch adds after `head`: sequence numbers, links and canonical bodies, as ROWS reads them. */
  function chain(head: ChainHead, inputs: readonly AuditEntryInput[]) {
    const rows: string[] = [];
    const bodies: string[] = [];
    const { appended, last } = chainEach(head, inputs, (seq, prevHex, hashHex, entry, body) => {
      // The officer's columns, written from the entry that is hashed (verify checks them against the body).
      rows.push(rowJson(seq, prevHex, hashHex, entry));
      bodies.push(body);
    });
    const batch: Batch = { rows: `[${rows.join(',')}]`, bodies: bodies.join('\n') };
    return { appended, batch, last };
  }

  let beforeLocked: BeforeLockedAppend | undefined;
  async function lockHead(tx: Queryable): Promise<ChainHead> {
    const head = await lockHeadRow(tx);
    return beforeLocked ? beforeLocked(tx, head) : head;
  }

  const isCheckpointDue = (seq: number) => !!signer && checkpointEvery > 0 && seq % checkpointEvery === 0;
  /** Signs and stores the newest of these checkpoints (their entries are in the table). */
  async function checkpointAt(db: Queryable, marks: readonly CheckpointMark[]): Promise<void> {
    const mark = marks.at(-1);
    if (signer && mark) await insertCheckpoint(db, signer, { lastSeq: mark.seq, lastHash: mark.hash, at: mark.at, gateway });
  }
  /** One checkpoint per batch at most: the newest multiple of checkpointEvery the batch passed. */
  async function checkpointIfDue(db: Queryable, appended: readonly AppendedEntry[]): Promise<void> {
    if (!signer || checkpointEvery <= 0) return;
    const mark = Math.floor(appended.at(-1)!.seq / checkpointEvery) * checkpointEvery;
    const at = appended.find((a) => a.seq === mark);
    if (at) await insertCheckpoint(db, signer, { lastSeq: mark, lastHash: at.hash, at: at.entry.at, gateway });
  }

  async function insertLocked(tx: Queryable, batch: Batch, head: ChainHead, last: ChainHead): Promise<void> {
    await tx.query(`INSERT INTO audit_log (${AUDIT_COLUMNS}) ${ROWS}`, [batch.rows, batch.bodies, head.seq]);
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
  }

  async function copyLocked(tx: Queryable, text: string, last: ChainHead): Promise<void> {
    if (!tx.copyFrom) throw new Error('this database cannot COPY: the audit journal needs the embedded database');
    await tx.copyFrom(`COPY audit_log (${AUDIT_COLUMNS}) FROM '/dev/blob'`, text);
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);
  }

  async function appendEntries(tx: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    if (!inputs.length) return [];
    // Checked before taking the lock, so a refused entry never holds up other appenders.
    for (const input of inputs) assertAuditInput(input);
    const head = await lockHead(tx);
    // Lists go in under the head's lock, in the caller's transaction: an append that holds the
    // head never waits for a list another transaction is inserting (which could wait for the head).
    await storeFieldSets(tx, fieldSets.missing(inputs));
    const { appended, batch, last } = chain(head, inputs);
    await insertLocked(tx, batch, head, last);
    await checkpointIfDue(tx, appended);
    return appended;
  }

  // Where the head will be once every statement this process sent has landed; only a hint: the
  // conditional statement checks it.
  let seen: ChainHead | undefined;
  // Serial appends (and retries) go one after another, after every pipelined one sent before them:
  // concurrent ones would all start from the same remembered head and all but one retry.
  let previous: Promise<unknown> = Promise.resolve();
  let serialPending = 0;

  function appendStandalone(db: Queryable, inputs: readonly AuditEntryInput[], options: StandaloneOptions = {}): Promise<AppendedEntry[]> {
    // `checked`: the caller (the batcher) has already run every entry through the guard.
    if (!options.checked) {
      try {
        for (const input of inputs) assertAuditInput(input);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (!inputs.length) return Promise.resolve([]);
    // The lists the entries name are committed first, in a statement of their own.
    const missing = fieldSets.missing(inputs);
    if (missing.length) return fieldSets.store(db, missing).then(() => appendStandalone(db, inputs, { ...options, checked: true }));
    if (options.pipelined && seen && serialPending === 0) return appendPipelined(db, inputs, seen);
    return appendSerial(db, inputs, previous);
  }

  function appendSerial(db: Queryable, inputs: readonly AuditEntryInput[], after: Promise<unknown>): Promise<AppendedEntry[]> {
    serialPending++;
    const next = after.then(() => appendOnce(db, inputs)).finally(() => serialPending--);
    previous = Promise.all([previous, next.catch(() => undefined)]);
    return next;
  }

  /**
   * Sends a batch built on the head the statements already sent will leave, without waiting for
   * them: the database runs them in the order sent (one connection), so each finds the head it
   * expects. One that does not (an earlier one failed, a write moved the head) starts again from
   * the real head, after everything sent before it.
   */
  function appendPipelined(db: Queryable, inputs: readonly AuditEntryInput[], head: ChainHead): Promise<AppendedEntry[]> {
    const before = previous;
    const { appended, batch, last } = chain(head, inputs);
    seen = last;
    const result = conditionalAppend(db, batch, head, last).then(
      async (landed) => {
        if (landed) {
          await checkpointIfDue(db, appended);
          return appended;
        }
        seen = undefined;
        return appendSerial(db, inputs, before);
      },
      (error: unknown) => {
        seen = undefined;
        throw error;
      },
    );
    previous = Promise.all([previous, result.catch(() => undefined)]);
    return result;
  }

  /** Appends `batch` only if the head is still `head`; whether it landed. */
  async function conditionalAppend(db: Queryable, batch: Batch, head: ChainHead, last: ChainHead): Promise<boolean> {
    const { rows: done } = await db.query<{ seq: unknown }>(
      `WITH head AS (SELECT seq FROM audit_head WHERE id = 1 AND seq = $3 AND hash = $4 FOR UPDATE),
            added AS (INSERT INTO audit_log (${AUDIT_COLUMNS}) SELECT r.* FROM (${ROWS}) AS r, head)
       UPDATE audit_head SET seq = $5, hash = $6 FROM head WHERE audit_head.id = 1 RETURNING audit_head.seq`,
      [batch.rows, batch.bodies, head.seq, head.hash, last.seq, last.hash],
    );
    return done.length === 1;
  }

  async function appendOnce(db: Queryable, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const head = seen ?? (await readHead(db));
      const { appended, batch, last } = chain(head, inputs);
      if (await conditionalAppend(db, batch, head, last)) {
        seen = last;
        await checkpointIfDue(db, appended);
        return appended;
      }
      seen = undefined;
    }
    // Other appenders keep moving the head first (another process appending without pause): queue
    // on the head's lock instead, which always gets its turn.
    if (!isDb(db)) throw new Error('the audit trail head kept moving: the entries were not appended');
    const appended = await db.transaction((tx) => appendEntries(tx, inputs));
    const newest = appended.at(-1)!;
    seen = { seq: newest.seq, hash: Buffer.from(newest.hash, 'hex') };
    return appended;
  }

  return {
    async append(tx, input) {
      return (await appendEntries(tx, [input]))[0]!;
    },

    appendMany: (tx, inputs) => appendEntries(tx, inputs),

    appendStandalone,

    async checkpoint(db) {
      if (!signer) throw new Error('no signing key: checkpoints cannot be taken');
      return db.transaction(async (tx) => {
        const head = await lockHead(tx);
        if (head.seq === 0) throw new Error('the audit trail is empty: nothing to checkpoint');
        const { rows } = await tx.query<{ gateway: string; jws: string }>('SELECT gateway, jws FROM audit_checkpoints WHERE seq = $1', [head.seq]);
        if (rows[0]) return { seq: head.seq, gateway: rows[0].gateway, jws: rows[0].jws };
        return insertCheckpoint(tx, signer, { lastSeq: head.seq, lastHash: head.hash.toString('hex'), at: now().toISOString(), gateway });
      });
    },

    internals: {
      chainLines,
      copyLocked,
      copyIfHead: (db, text, head, last, marks = []) =>
        db.transaction(async (tx) => {
          const now = await lockHeadRow(tx);
          if (now.seq !== head.seq || !now.hash.equals(head.hash)) return false;
          await copyLocked(tx, text, last);
          // In the same transaction: a crash between the two would leave the checkpoint untaken.
          await checkpointAt(tx, marks);
          return true;
        }),
      readHead,
      isCheckpointDue,
      checkpointAt,
      beforeLockedAppend(hook) {
        if (beforeLocked) throw new Error('the audit log already has a journal');
        beforeLocked = hook;
      },
      fieldSets,
    },
  };
}
