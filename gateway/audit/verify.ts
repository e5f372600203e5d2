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
  | 'head-mismatch'
  | 'column-mismatch';

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
  /** Which database kind the rows come from; picks the faster way to read them. */
  kind?: 'pglite' | 'postgres';
}

export interface VerifyReport {
  ok: boolean;
  /** Entries read and found sound before the first problem (all of them when ok). */
  entries: number;
  lastSeq: number;
  lastHash: string;
  checkpoints: number;
  signaturesChecked: boolean;
  /** The entry the retained log starts after (0 when nothing was pruned). */
  anchorSeq: number;
  problem?: AuditProblem;
}

interface LogRow {
  seq: number;
  /** The id inside the hashed body; null when the body carries none. */
  bodySeq: number | null;
  hash: Buffer;
  body: string;
}

/**
 * The sequence number inside a body, without parsing it: canonical JSON sorts the keys, and every
 * key after `id` holds a hash or a code that cannot contain `"id":`, while `details` (which may
 * have an `id` key) and `fields` (which has none) come before it; so the last `"id":` is the
 * entry's own. A body that is not an entry fails its hash check anyway.
 */
function idOf(body: string): number | null {
  const at = body.lastIndexOf('"id":');
  if (at < 0) return null;
  const id = Number.parseInt(body.slice(at + 5, at + 25), 10);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * The first row (after `after`, up to `upTo`) whose officer's columns disagree with its hashed
 * body: they are written beside the body by the appender, so a column changed on its own (to hide
 * an entry from the officer's queries) is caught here. The body is parsed once per row.
 */
async function firstColumnMismatch(db: Queryable, after: number, upTo: number): Promise<number | undefined> {
  const { rows } = await db.query<{ seq: unknown }>(
    `SELECT min(seq) AS seq FROM (SELECT seq, body_seq, type, requester, subject, purpose, at, body::jsonb AS j FROM audit_log WHERE seq > $1 AND seq <= $2 OFFSET 0) AS r
      WHERE body_seq::text IS DISTINCT FROM j ->> 'id' OR type IS DISTINCT FROM j ->> 'type' OR requester IS DISTINCT FROM j ->> 'requester'
         OR subject IS DISTINCT FROM j ->> 'subject' OR purpose IS DISTINCT FROM j ->> 'purpose' OR at IS DISTINCT FROM j ->> 'at'`,
    [after, upTo],
  );
  return rows[0]?.seq == null ? undefined : Number(rows[0].seq);
}

type FetchBatch = (after: number, limit: number) => Promise<LogRow[]>;

/** A server sends rows fast: plain keyset queries. */
function fetchRows(db: Queryable): FetchBatch {
  return async (after, limit) => {
    const { rows } = await db.query<{ seq: unknown; body_seq: unknown; hash: unknown; body: string }>(
      'SELECT seq, hash, body FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), bodySeq: idOf(r.body), hash: asBuffer(r.hash), body: r.body }));
  };
}

/**
 * The embedded database hands over each row through a slow path; one text per batch, a line per
 * entry, is five times faster. Canonical JSON has no raw line breaks, so a line is one entry.
 */
function fetchJoined(db: Queryable): FetchBatch {
  return async (after, limit) => {
    const { rows } = await db.query<{ t: string | null }>(
      `SELECT string_agg(seq::text || ' ' || encode(hash, 'hex') || ' ' || body, E'\n' ORDER BY seq) AS t
         FROM (SELECT seq, hash, body FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2) AS batch`,
      [after, limit],
    );
    const text = rows[0]?.t;
    if (!text) return [];
    return text.split('\n').map((line) => {
      const a = line.indexOf(' ');
      const body = line.slice(a + 66);
      return { seq: Number(line.slice(0, a)), bodySeq: idOf(body), hash: Buffer.from(line.slice(a + 1, a + 65), 'hex'), body };
    });
  };
}

interface Anchor {
  seq: number;
  hash: Buffer;
  jws: string | null;
}

/** Where the retained log starts (after pruning), or the genesis when nothing was pruned. */
async function readAnchor(db: Queryable): Promise<Anchor> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('audit_anchor')::text AS t");
  if (exists.rows[0]?.t == null) return { seq: 0, hash: GENESIS_HASH, jws: null };
  const { rows } = await db.query<{ seq: unknown; hash: unknown; jws: string | null }>('SELECT seq, hash, jws FROM audit_anchor WHERE id = 1');
  return rows[0] ? { seq: Number(rows[0].seq), hash: asBuffer(rows[0].hash), jws: rows[0].jws } : { seq: 0, hash: GENESIS_HASH, jws: null };
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
function checkpointCursor(db: Queryable, batchSize: number, start: number) {
  let buffer: { seq: number; jws: string }[] = [];
  let index = 0;
  let after = start;
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
  const kind = options.kind ?? (db as { kind?: string }).kind;
  const fetchBatch = kind === 'pglite' ? fetchJoined(db) : fetchRows(db);
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

  const anchor = await readAnchor(db);
  // Runs beside the chain check; the first problem of either, by position, is the one named.
  const columns = firstColumnMismatch(db, anchor.seq, headSeq).catch(() => 'unreadable' as const);
  const withColumns = async (chain?: AuditProblem): Promise<AuditProblem | undefined> => {
    const seq = await columns;
    if (seq === undefined) return chain;
    if (seq === 'unreadable') return chain ?? { seq: anchor.seq + 1, kind: 'column-mismatch', message: 'the indexed columns could not be checked: a body in the log is not JSON' };
    if (chain && chain.seq <= seq) return chain;
    return { seq, kind: 'column-mismatch', message: `entry ${seq}'s indexed columns (number, type, requester, subject, purpose or time) differ from its hashed content: they were changed on their own` };
  };
  const cursor = checkpointCursor(db, 1000, anchor.seq);
  let running: Buffer = anchor.hash;
  const hasher = chainHasher();
  let expected = anchor.seq + 1;
  let checkpoints = 0;
  const report = (problem?: AuditProblem): VerifyReport => ({
    ok: !problem,
    entries: expected - 1 - anchor.seq,
    lastSeq: expected - 1,
    lastHash: running.toString('hex'),
    checkpoints,
    signaturesChecked: checkSignatures,
    anchorSeq: anchor.seq,
    ...(problem ? { problem } : {}),
  });

  if (anchor.seq > 0) {
    // The pruned log starts from a signed checkpoint: its signature vouches for the anchor's hash.
    let payload: CheckpointPayload;
    try {
      if (!anchor.jws) throw new CheckpointError('the anchor carries no signed checkpoint');
      payload = checkSignatures ? await verifyCheckpointSignature(anchor.jws, keys) : readCheckpoint(anchor.jws);
    } catch (error) {
      return report({ seq: anchor.seq, kind: 'checkpoint-signature', message: `retention anchor at entry ${anchor.seq}: ${(error as Error).message}` });
    }
    if (payload.lastSeq !== anchor.seq || payload.lastHash !== anchor.hash.toString('hex')) {
      return report({ seq: anchor.seq, kind: 'checkpoint-mismatch', message: `the retention anchor at entry ${anchor.seq} differs from the checkpoint it cites` });
    }
    const before = await db.query('SELECT 1 FROM audit_log WHERE seq <= $1 LIMIT 1', [anchor.seq]);
    if (before.rows.length) return report({ seq: anchor.seq, kind: 'inserted', message: `entries at or before the retention anchor (${anchor.seq}) are present: they were put back after pruning` });
  }

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
  const checkRows = async (rows: LogRow[]): Promise<AuditProblem | 'beyond-head' | undefined> => {
    for (const row of rows) {
      const seq = row.seq;
      // Appended after the head was read (or inserted beyond it, which the end of verify reports).
      if (seq > headSeq) return 'beyond-head';
      if (seq !== expected) return { seq: expected, kind: 'gap', message: `entries ${expected}${seq - 1 > expected ? `-${seq - 1}` : ''} missing (next is ${seq})` };
      const bodySeq = row.bodySeq;
      if (bodySeq === null) return { seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content carries no sequence number` };
      if (bodySeq < seq) return { seq: seq - 1, kind: 'inserted', message: `an entry was inserted at ${seq - 1}: position ${seq} holds the entry numbered ${bodySeq}` };
      if (bodySeq !== seq) return { seq, kind: 'reordered', message: `position ${seq} holds the entry numbered ${bodySeq}` };
      const hash = hasher.next(running, row.body);
      if (!hash.equals(row.hash)) {
        // Rare: only now is the stored link read, to tell a cut link from altered content.
        const linked = await db.query<{ prev_hash: unknown }>('SELECT prev_hash FROM audit_log WHERE seq = $1', [seq]);
        if (!asBuffer(linked.rows[0]!.prev_hash).equals(running)) return { seq, kind: 'broken-link', message: `entry ${seq} does not link to entry ${seq - 1}: its previous hash differs` };
        return { seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content does not match its hash` };
      }
      running = hash;
      const problem = await checkCheckpointAt(seq, hash);
      if (problem) return problem;
      expected++;
    }
    return undefined;
  };

  // The next batch is asked for before this one is hashed, so the database reads while we hash.
  let pending = fetchBatch(anchor.seq, batchSize);
  for (;;) {
    const rows = await pending;
    const full = rows.length === batchSize && rows[rows.length - 1]!.seq < headSeq;
    if (full) pending = fetchBatch(rows[rows.length - 1]!.seq, batchSize);
    const result = await checkRows(rows);
    if (result === 'beyond-head') break;
    if (result) {
      if (full) await pending.catch(() => {});
      return report(await withColumns(result));
    }
    if (!full) break;
  }

  if (expected - 1 < headSeq) {
    return report(await withColumns({ seq: expected, kind: 'truncated', message: `the head records ${headSeq} entries but the log ends at ${expected - 1}` }));
  }
  if (!running.equals(headHash)) return report(await withColumns({ seq: headSeq, kind: 'head-mismatch', message: `the head's hash differs from entry ${headSeq}'s` }));
  const tail = await db.query<{ max: unknown }>('SELECT max(seq) AS max FROM audit_log');
  const now = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
  if (Number(tail.rows[0]?.max) > Number(now.rows[0]?.seq)) {
    return report(await withColumns({ seq: Number(now.rows[0]?.seq) + 1, kind: 'inserted', message: `entries beyond the head (up to ${Number(tail.rows[0]?.max)}) were inserted outside the log` }));
  }
  const beyond = await cursor.peek();
  if (beyond && beyond.seq > headSeq) {
    // Either appended after we read the head (fine) or signed for entries since removed.
    const { rows } = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
    if (Number(rows[0]?.seq) < beyond.seq) {
      return report(await withColumns({ seq: beyond.seq, kind: 'truncated', message: `a checkpoint signs entry ${beyond.seq} but the log ends at ${headSeq}` }));
    }
  }
  return report(await withColumns());
}
