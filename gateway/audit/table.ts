/**
 * The audit table and its head, as every appender writes them: the head locked for the rest of a
 * transaction, entries chained after it and inserted (rows in one statement, or COPY lines), the
 * head moved, and the signed checkpoints due at the new entries taken in the same transaction.
 */
import { NrxError } from '../../lib/errors.ts';
import type { Queryable } from '../store/db.ts';
import { chainer, type AppendedEntry, type ChainHead, type RowBatch } from './chain.ts';
import type { CheckpointPayload, CheckpointSigner, StoredCheckpoint } from './checkpoint.ts';
import { AUDIT_COLUMNS } from './copy-lines.ts';
import type { AuditEntryInput } from './entry.ts';
import { storeFieldSets, storedFieldSets } from './field-sets.ts';
import { asBuffer } from './hash.ts';

export interface AuditTableOptions {
  /** This gateway's member id, named in its checkpoints. */
  gateway: string;
  /** Signs checkpoints; without it no checkpoint is taken. */
  signer?: CheckpointSigner;
  /** A checkpoint, in the same transaction, whenever an entry's seq is a multiple of this. 0: only on demand. */
  checkpointEvery?: number;
  now?: () => Date;
}

/** A signed checkpoint due at an entry: its seq, hash and time. */
export interface CheckpointMark {
  seq: number;
  hash: string;
  at: string;
}

// The batch's rows from two text parameters ($1 the columns as JSON, $2 the bodies), numbered after $3.
const ROWS = `SELECT r.seq, decode(r.prev, 'hex'), decode(r.hash, 'hex'), b.body, r.seq, r.type, r.requester, r.subject, r.purpose, r.at, decode(r.field_set, 'hex')
  FROM json_to_recordset($1::json) AS r(seq bigint, prev text, hash text, type text, requester text, subject text, purpose text, at text, field_set text)
  JOIN string_to_table($2::text, E'\\n') WITH ORDINALITY AS b(body, i) ON r.seq = $3::bigint + b.i`;

interface HeadRow {
  seq: unknown;
  hash: unknown;
}

async function head(db: Queryable, lock: boolean): Promise<ChainHead> {
  const { rows } = await db.query<HeadRow>(`SELECT seq, hash FROM audit_head WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
  const row = rows[0];
  if (!row) throw new NrxError('AUDIT_TRAIL_MISSING', 'the audit trail has no head row: run the migrations');
  return { seq: Number(row.seq), hash: asBuffer(row.hash) };
}

const moveHead = (tx: Queryable, last: ChainHead) => tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [last.seq, last.hash]);

export function auditTable(options: AuditTableOptions) {
  const { gateway, signer, checkpointEvery = 0 } = options;
  const now = options.now ?? (() => new Date());
  const chain = chainer(now);
  const fieldSets = storedFieldSets();
  const isCheckpointDue = (seq: number) => !!signer && checkpointEvery > 0 && seq % checkpointEvery === 0;

  async function insertCheckpoint(tx: Queryable, payload: CheckpointPayload): Promise<StoredCheckpoint> {
    const jws = await signer!.sign(payload);
    await tx.query('INSERT INTO audit_checkpoints (seq, gateway, at, jws) VALUES ($1, $2, $3, $4)', [payload.lastSeq, payload.gateway, payload.at, jws]);
    return { seq: payload.lastSeq, gateway: payload.gateway, jws };
  }

  /** Signs and stores the newest of these checkpoints (their entries are in the table). */
  async function checkpointAt(tx: Queryable, marks: readonly CheckpointMark[]): Promise<void> {
    const mark = marks.at(-1);
    if (signer && mark) await insertCheckpoint(tx, { lastSeq: mark.seq, lastHash: mark.hash, at: mark.at, gateway });
  }

  /** The checkpoints due at these entries (almost always none). */
  function marksOf(appended: readonly AppendedEntry[]): CheckpointMark[] {
    const marks: CheckpointMark[] = [];
    if (signer && checkpointEvery > 0) for (const a of appended) if (isCheckpointDue(a.seq)) marks.push({ seq: a.seq, hash: a.hash, at: a.entry.at });
    return marks;
  }

  return {
    chain,
    /** The field decision lists known to be in the table. */
    fieldSets,
    isCheckpointDue,
    marksOf,
    checkpointAt,
    readHead: (db: Queryable) => head(db, false),
    /**
     * Locks the head for the rest of the transaction. Every appender on every gateway process queues
     * here, which is what keeps the sequence gap-free and the chain unforked.
     */
    lockHead: (tx: Queryable) => head(tx, true),

    /**
     * Appends entries after `at` (the head, locked by the caller's transaction): their lists, rows,
     * the head and the checkpoint due. All or none, with the caller's transaction.
     */
    async appendAfter(tx: Queryable, at: ChainHead, inputs: readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
      // Lists go in under the head's lock, in the caller's transaction: an append that holds the
      // head never waits for a list another transaction is inserting (which could wait for the head).
      await storeFieldSets(tx, fieldSets.missing(inputs));
      const { appended, last, out } = chain.rows(at, inputs);
      await insertRows(tx, out, at);
      await moveHead(tx, last);
      await checkpointAt(tx, marksOf(appended));
      return appended;
    },

    /** Copies COPY lines chained after the locked head into the table, and moves the head to `last`. */
    async copyAfter(tx: Queryable, text: string, last: ChainHead, marks: readonly CheckpointMark[]): Promise<void> {
      if (!tx.copyFrom) throw new NrxError('INTERNAL', 'this database cannot COPY: the audit journal needs the embedded database');
      await tx.copyFrom(`COPY audit_log (${AUDIT_COLUMNS}) FROM '/dev/blob'`, text);
      await moveHead(tx, last);
      // In the same transaction: a crash between the two would leave the checkpoint untaken.
      await checkpointAt(tx, marks);
    },

    /** A checkpoint of the locked head now, or the one already taken there. */
    async checkpointHead(tx: Queryable, at: ChainHead): Promise<StoredCheckpoint> {
      if (!signer) throw new NrxError('CONFIG_INVALID', 'no signing key: checkpoints cannot be taken');
      if (at.seq === 0) throw new NrxError('AUDIT_TRAIL_EMPTY', 'the audit trail is empty: nothing to checkpoint');
      const { rows } = await tx.query<{ gateway: string; jws: string }>('SELECT gateway, jws FROM audit_checkpoints WHERE seq = $1', [at.seq]);
      if (rows[0]) return { seq: at.seq, gateway: rows[0].gateway, jws: rows[0].jws };
      return insertCheckpoint(tx, { lastSeq: at.seq, lastHash: at.hash.toString('hex'), at: now().toISOString(), gateway });
    },
  };
}

export type AuditTable = ReturnType<typeof auditTable>;

function insertRows(tx: Queryable, batch: RowBatch, after: ChainHead) {
  return tx.query(`INSERT INTO audit_log (${AUDIT_COLUMNS}) ${ROWS}`, [batch.rows, batch.bodies, after.seq]);
}
