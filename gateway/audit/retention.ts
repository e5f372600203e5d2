/**
 * Retention: entries older than the retention period are deleted up to a signed checkpoint, which
 * becomes the anchor verify starts from. The retained log stays verifiable end to end.
 */
import type { Db } from '../store/db.ts';
import type { CheckpointSigner } from './checkpoint.ts';
import { asBuffer } from './hash.ts';
import type { TransactionalAppender } from './appender.ts';
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
  log?: TransactionalAppender;
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

export interface RetentionScheduleOptions extends Omit<PruneOptions, 'before'> {
  /** Entries older than this many days go; 0 keeps them forever (nothing is scheduled). */
  retentionDays: number;
  /** Between two prunings (default a day). */
  everyMs?: number;
  /** Before the first pruning after start-up (default a minute), so start-up is never slowed. */
  firstAfterMs?: number;
  /** Where a failed pruning is reported; the gateway goes on serving either way. */
  onError?: (error: unknown) => void;
  now?: () => Date;
}

export interface RetentionSchedule {
  /** Prunes now (or waits for the pruning under way); undefined when retention is off. */
  runNow(): Promise<PruneResult | undefined>;
  /** No more prunings; resolves once the one under way, if any, has ended. */
  stop(): Promise<void>;
}

/**
 * Applies the configured retention period by itself: a pruning shortly after start-up and then
 * periodically. Prunings never overlap in this process; across processes sharing a server, the
 * head lock inside `pruneAuditLog` serialises them and the later one finds nothing left to do.
 */
export function scheduleRetention(db: Db, options: RetentionScheduleOptions): RetentionSchedule {
  const { retentionDays, everyMs = 86_400_000, firstAfterMs = 60_000, onError, now = () => new Date(), ...prune } = options;
  let running: Promise<PruneResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = (): Promise<PruneResult | undefined> => {
    if (retentionDays <= 0) return Promise.resolve(undefined);
    running ??= pruneAuditLog(db, { ...prune, before: new Date(now().getTime() - retentionDays * 86_400_000) }).finally(() => (running = undefined));
    return running;
  };
  const next = (afterMs: number) => {
    if (stopped || retentionDays <= 0) return;
    timer = setTimeout(() => {
      runNow().catch((error: unknown) => onError?.(error)).finally(() => next(everyMs));
    }, afterMs);
    // A pending pruning never keeps a process alive.
    timer.unref();
  };
  next(firstAfterMs);
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
