import type { Db, Queryable } from '../store/db.ts';
import { canonicalJson } from './canonical.ts';
import type { CheckpointPayload, CheckpointSigner, StoredCheckpoint } from './checkpoint.ts';
import { assertAuditEntry, type AuditEntry, type AuditEntryInput } from './entry.ts';
import { asBuffer, chainHash } from './hash.ts';

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

export interface AuditLog {
  /**
   * Appends an entry inside the caller's transaction: the entry commits with the caller's write or
   * not at all, and a refused or failed entry makes the caller's transaction fail (fail closed).
   */
  append(tx: Queryable, input: AuditEntryInput): Promise<AppendedEntry>;
  /** Signs and stores a checkpoint of the log as it is now (or returns the one already taken there). */
  checkpoint(db: Db): Promise<StoredCheckpoint>;
}

interface HeadRow {
  seq: unknown;
  hash: unknown;
}

/**
 * Locks the chain head for the rest of the transaction. Every appender on every gateway process
 * queues here, which is what keeps the sequence gap-free and the chain unforked.
 */
async function lockHead(tx: Queryable): Promise<{ seq: number; hash: Buffer }> {
  const { rows } = await tx.query<HeadRow>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  const row = rows[0];
  if (!row) throw new Error('the audit trail has no head row: run the migrations');
  return { seq: Number(row.seq), hash: asBuffer(row.hash) };
}

async function insertCheckpoint(tx: Queryable, signer: CheckpointSigner, payload: CheckpointPayload): Promise<StoredCheckpoint> {
  const jws = await signer.sign(payload);
  await tx.query('INSERT INTO audit_checkpoints (seq, gateway, at, jws) VALUES ($1, $2, $3, $4)', [payload.lastSeq, payload.gateway, payload.at, jws]);
  return { seq: payload.lastSeq, gateway: payload.gateway, jws };
}

export function auditLog(options: AuditLogOptions): AuditLog {
  const { gateway, signer, checkpointEvery = 0 } = options;
  const now = options.now ?? (() => new Date());
  return {
    async append(tx, input) {
      // Checked before taking the lock, so a refused entry never holds up other appenders.
      const draft = { ...input, id: 1, at: input.at ?? now().toISOString() };
      assertAuditEntry(draft);
      const head = await lockHead(tx);
      const seq = head.seq + 1;
      const entry: AuditEntry = { ...draft, id: seq, ...(input.at ? {} : { at: now().toISOString() }) };
      const body = canonicalJson(entry);
      const hash = chainHash(head.hash, body);
      await tx.query('INSERT INTO audit_log (seq, prev_hash, hash, body) VALUES ($1, $2, $3, $4)', [seq, head.hash, hash, body]);
      await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
      if (signer && checkpointEvery > 0 && seq % checkpointEvery === 0) {
        await insertCheckpoint(tx, signer, { lastSeq: seq, lastHash: hash.toString('hex'), at: entry.at, gateway });
      }
      return { seq, hash: hash.toString('hex'), entry };
    },

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
  };
}
