import { hash as oneShotHash } from 'node:crypto';
import type { JWK } from 'jose';
import type { Queryable } from '../store/db.ts';
import { CheckpointError, readCheckpoint, verifyCheckpointSignature, type CheckpointPayload } from './checkpoint.ts';
import { GENESIS_HASH, asBuffer } from './hash.ts';

export type AuditProblemKind =
  | 'gap'
  | 'reordered'
  | 'inserted'
  | 'broken-link'
  | 'hash-mismatch'
  | 'checkpoint-mismatch'
  | 'checkpoint-signature'
  | 'truncated'
  | 'head-mismatch';

export interface AuditProblem {
  /** The sequence number of the first bad entry (or of the checkpoint that disagrees). */
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface VerifyOptions {
  /** Public keys that may have signed the checkpoints (the gateway's JWKS). */
  keys?: JWK[];
  /** Check checkpoints against the chain but not their signatures. */
  skipSignatures?: boolean;
  /** Rows fetched per query; memory stays bounded by this, whatever the log's length. */
  batchSize?: number;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries read and found sound before the first problem (all of them when ok). */
  entries: number;
  lastSeq: number;
  lastHash: string;
  checkpoints: number;
  signaturesChecked: boolean;
  problem?: AuditProblem;
}

interface LogRow {
  seq: unknown;
  body_seq: unknown;
  hash: unknown;
  body: string;
}

/**
 * chainHash for a stream of entries: the previous link and the body are written into one reused
 * buffer and hashed in one call, which avoids a Hash object and its buffers per entry.
 */
function chainHasher() {
  let scratch = Buffer.allocUnsafe(64 * 1024);
  return {
    next(previous: Buffer, body: string): Buffer {
      if (scratch.length < 32 + body.length * 3) scratch = Buffer.allocUnsafe(32 + body.length * 3);
      previous.copy(scratch, 0);
      const length = 32 + scratch.write(body, 32, 'utf8');
      return oneShotHash('sha256', scratch.subarray(0, length), 'buffer') as unknown as Buffer;
    },
  };
}

/** Checkpoints in sequence order, fetched a batch at a time alongside the entries. */
function checkpointCursor(db: Queryable, batchSize: number) {
  let buffer: { seq: number; jws: string }[] = [];
  let index = 0;
  let after = 0;
  let done = false;
  return {
    async peek(): Promise<{ seq: number; jws: string } | undefined> {
      if (index < buffer.length) return buffer[index];
      if (done) return undefined;
      const { rows } = await db.query<{ seq: unknown; jws: string }>('SELECT seq, jws FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batchSize]);
      buffer = rows.map((r) => ({ seq: Number(r.seq), jws: r.jws }));
      index = 0;
      if (buffer.length < batchSize) done = true;
      if (buffer.length) after = buffer[buffer.length - 1]!.seq;
      return buffer[0];
    },
    next(): void {
      index++;
    },
  };
}

/**
 * Streams the whole audit trail in sequence order (keyset pagination: constant memory), recomputes
 * the hash chain, checks each checkpoint's signature and that the chain passes through it, and
 * names the first bad entry. Safe to run while gateways append: it checks the log up to the head
 * it read at the start.
 */
export async function verifyAuditLog(db: Queryable, options: VerifyOptions = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 10_000;
  const keys = options.keys ?? [];
  const checkSignatures = !options.skipSignatures;
  if (checkSignatures && !keys.length) {
    const { rows } = await db.query('SELECT 1 FROM audit_checkpoints LIMIT 1');
    if (rows.length) throw new CheckpointError('the log has signed checkpoints: give the public keys to check them, or skip the signatures explicitly');
  }
  const headRows = await db.query<{ seq: unknown; hash: unknown }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!headRows.rows[0]) throw new Error('no audit trail in this database (no head row)');
  const headSeq = Number(headRows.rows[0].seq);
  const headHash = asBuffer(headRows.rows[0].hash);

  const cursor = checkpointCursor(db, 1000);
  let running: Buffer = GENESIS_HASH;
  const hasher = chainHasher();
  let expected = 1;
  let checkpoints = 0;
  const report = (problem?: AuditProblem): VerifyReport => ({
    ok: !problem,
    entries: expected - 1,
    lastSeq: expected - 1,
    lastHash: running.toString('hex'),
    checkpoints,
    signaturesChecked: checkSignatures,
    ...(problem ? { problem } : {}),
  });

  /** Checks the next checkpoint if it is at `seq`; a checkpoint that the chain skipped is a problem too. */
  const checkCheckpointAt = async (seq: number, hash: Buffer): Promise<AuditProblem | undefined> => {
    for (let cp = await cursor.peek(); cp && cp.seq <= seq; cp = await cursor.peek()) {
      let payload: CheckpointPayload;
      try {
        payload = checkSignatures ? await verifyCheckpointSignature(cp.jws, keys) : readCheckpoint(cp.jws);
      } catch (error) {
        return { seq: cp.seq, kind: 'checkpoint-signature', message: `checkpoint at entry ${cp.seq}: ${(error as Error).message}` };
      }
      if (payload.lastSeq !== cp.seq) return { seq: cp.seq, kind: 'checkpoint-mismatch', message: `checkpoint stored at entry ${cp.seq} signs entry ${payload.lastSeq}` };
      if (cp.seq < seq) return { seq: cp.seq, kind: 'checkpoint-mismatch', message: `checkpoint signs entry ${cp.seq}, which is not in the log` };
      if (payload.lastHash !== hash.toString('hex')) {
        return { seq, kind: 'checkpoint-mismatch', message: `entry ${seq} hashes to ${hash.toString('hex')} but the signed checkpoint says ${payload.lastHash}: the log before it was rewritten` };
      }
      checkpoints++;
      cursor.next();
    }
    return undefined;
  };

  /** Checks rows one by one, to name precisely what is wrong with the first bad one. */
  const checkRows = async (after: number): Promise<{ problem?: AuditProblem; count: number; last: number }> => {
    // No upper bound in the query: with one, the planner may sort the whole range rather than walk the index.
    const { rows } = await db.query<LogRow>('SELECT seq, body_seq, hash, body FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, batchSize]);
    for (const row of rows) {
      const seq = Number(row.seq);
      // Appended after the head was read (or inserted beyond it, which the end of verify reports).
      if (seq > headSeq) return { count: 0, last: seq };
      if (seq !== expected) return { count: rows.length, last: seq, problem: { seq: expected, kind: 'gap', message: `entries ${expected}${seq - 1 > expected ? `-${seq - 1}` : ''} missing (next is ${seq})` } };
      const bodySeq = Number(row.body_seq);
      const fail = (problem: AuditProblem) => ({ count: rows.length, last: seq, problem });
      if (row.body_seq === null) return fail({ seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content carries no sequence number` });
      if (bodySeq < seq) return fail({ seq: seq - 1, kind: 'inserted', message: `an entry was inserted at ${seq - 1}: position ${seq} holds the entry numbered ${bodySeq}` });
      if (bodySeq !== seq) return fail({ seq, kind: 'reordered', message: `position ${seq} holds the entry numbered ${bodySeq}` });
      const hash = hasher.next(running, row.body);
      if (!hash.equals(asBuffer(row.hash))) {
        // Rare: only now is the stored link read, to tell a cut link from altered content.
        const linked = await db.query<{ prev_hash: unknown }>('SELECT prev_hash FROM audit_log WHERE seq = $1', [seq]);
        if (!asBuffer(linked.rows[0]!.prev_hash).equals(running)) return fail({ seq, kind: 'broken-link', message: `entry ${seq} does not link to entry ${seq - 1}: its previous hash differs` });
        return fail({ seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content does not match its hash` });
      }
      running = hash;
      const problem = await checkCheckpointAt(seq, hash);
      if (problem) return fail(problem);
      expected++;
    }
    return { count: rows.length, last: rows.length ? Number(rows[rows.length - 1]!.seq) : after };
  };

  let after = 0;
  for (;;) {
    const result = await checkRows(after);
    if (result.problem) return report(result.problem);
    if (result.count < batchSize) break;
    after = result.last;
  }

  if (expected - 1 < headSeq) {
    return report({ seq: expected, kind: 'truncated', message: `the head records ${headSeq} entries but the log ends at ${expected - 1}` });
  }
  if (!running.equals(headHash)) return report({ seq: headSeq, kind: 'head-mismatch', message: `the head's hash differs from entry ${headSeq}'s` });
  const tail = await db.query<{ max: unknown }>('SELECT max(seq) AS max FROM audit_log');
  const now = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
  if (Number(tail.rows[0]?.max) > Number(now.rows[0]?.seq)) {
    return report({ seq: Number(now.rows[0]?.seq) + 1, kind: 'inserted', message: `entries beyond the head (up to ${Number(tail.rows[0]?.max)}) were inserted outside the log` });
  }
  const beyond = await cursor.peek();
  if (beyond && beyond.seq > headSeq) {
    // Either appended after we read the head (fine) or signed for entries since removed.
    const { rows } = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
    if (Number(rows[0]?.seq) < beyond.seq) {
      return report({ seq: beyond.seq, kind: 'truncated', message: `a checkpoint signs entry ${beyond.seq} but the log ends at ${headSeq}` });
    }
  }
  return report();
}
