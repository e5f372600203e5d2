/**
 * Retention: entries older than the retention period are deleted up to a signed checkpoint, which
 * becomes the anchor verify starts from. The retained log stays verifiable end to end.
 */
import type { Db } from '../store/db.ts';
import type { CheckpointSigner } from './checkpoint.ts';
import { asBuffer } from './hash.ts';
import type { AuditLog } from './log.ts';
import { verifyAuditLog } from './verify.ts';
import type { JWK } from 'jose';

export interface PruneOptions {
  /** Entries recorded before this instant may go. */
  before: Date;
  signer: CheckpointSigner;
  gateway: string;
  /** Keys to check the log's checkpoints with before pruning (or skip the signatures). */
  keys?: JWK[];
  skipSignatures?: boolean;
  /** Records the pruning itself in the trail. */
  log?: AuditLog;
}

export interface PruneResult {
  /** The new anchor: the last pruned entry (0 when nothing was old enough). */
  anchorSeq: number;
  deleted: number;
}

export async function pruneAuditLog(db: Db, options: PruneOptions): Promise<PruneResult> {
  // Only a sound log is pruned: the anchor signs a hash this verification vouched for.
  const report = await verifyAuditLog(db, { ...(options.keys ? { keys: options.keys } : {}), ...(options.skipSignatures ? { skipSignatures: true } : {}) });
  if (!report.ok) throw new Error(`the audit trail does not verify (entry ${report.problem!.seq}: ${report.problem!.message}); not pruning`);
  const cutoff = options.before.toISOString();
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE');
    const { rows } = await tx.query<{ seq: unknown; hash: unknown; at: string }>(
      'SELECT seq, hash, at FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log WHERE at < $1 AND seq <= $2)',
      [cutoff, report.lastSeq],
    );
    const row = rows[0];
    const current = await tx.query<{ seq: unknown }>('SELECT seq FROM audit_anchor WHERE id = 1');
    const anchorNow = Number(current.rows[0]?.seq ?? 0);
    if (!row || Number(row.seq) <= anchorNow) return { anchorSeq: anchorNow, deleted: 0 };
    const seq = Number(row.seq);
    const hash = asBuffer(row.hash);
    const existing = await tx.query<{ jws: string }>('SELECT jws FROM audit_checkpoints WHERE seq = $1', [seq]);
    let jws = existing.rows[0]?.jws;
    if (!jws) {
      jws = await options.signer.sign({ lastSeq: seq, lastHash: hash.toString('hex'), at: row.at, gateway: options.gateway });
      await tx.query('INSERT INTO audit_checkpoints (seq, gateway, at, jws) VALUES ($1, $2, $3, $4)', [seq, options.gateway, row.at, jws]);
    }
    await tx.query('UPDATE audit_anchor SET seq = $1, hash = $2, jws = $3 WHERE id = 1', [seq, hash, jws]);
    const deleted = await tx.query<{ n: unknown }>('WITH d AS (DELETE FROM audit_log WHERE seq <= $1 RETURNING 1) SELECT count(*) AS n FROM d', [seq]);
    const count = Number(deleted.rows[0]?.n ?? 0);
    await options.log?.append(tx, { type: 'log-pruned', details: { anchorSeq: seq, deleted: count } });
    return { anchorSeq: seq, deleted: count };
  });
}
