import type { JWK } from 'jose';
import type { Queryable } from '../store/db.ts';
import { CheckpointError, readCheckpoint, verifyCheckpointSignature, type CheckpointPayload } from './checkpoint.ts';
import { chainHasher } from './chain-hasher.ts';
import { asBuffer } from './hash.ts';
import { checkpointCursor, readAnchor, readFieldSets } from './verify-sources.ts';
import { columnMismatch, columnsAgree, earlier, notJson, type AuditProblem } from './verify-problems.ts';
import { NOT_JSON, readIndexedMembers } from './indexed-members.ts';
import { batchReader, hashOf, screenLines, type Batch, type LogRow } from './log-rows.ts';

export type { AuditProblem, AuditProblemKind } from './verify-problems.ts';

export interface VerifyOptions {
  /** Public keys that may have signed the checkpoints (the gateway's JWKS). */
  keys?: JWK[];
  /** Check checkpoints against the chain but not their signatures. */
  skipSignatures?: boolean;
  /** Rows fetched per query; memory stays bounded by this, whatever the log's length. */
  batchSize?: number;
  /** Which database kind the rows come from; picks the faster way to read them. */
  kind?: 'pglite' | 'postgres';
  /** Hears the last entry checked after each batch, for a progress display. */
  onProgress?: (seq: number) => void;
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

const SCREEN_CHUNK = 2048;

/**
 * Streams the whole audit trail in sequence order (keyset pagination: constant memory), recomputes
 * the hash chain, checks each checkpoint's signature and that the chain passes through it, checks
 * the officer's columns against each hashed body and each stored field decision list against the
 * hash entries name it by, and names the first bad entry. Safe to run while gateways append: it checks the log up to the head
 * it read at the start.
 */
export async function verifyAuditLog(db: Queryable, options: VerifyOptions = {}): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 10_000;
  const fieldSets = await readFieldSets(db);
  const fetchBatch = batchReader(db, options.kind ?? (db as { kind?: string }).kind, fieldSets.present);
  const keys = options.keys ?? [];
  const checkSignatures = !options.skipSignatures;
  if (checkSignatures && !keys.length) {
    const { rows } = await db.query('SELECT 1 FROM audit_checkpoints LIMIT 1');
    if (rows.length) throw new CheckpointError('the log has signed checkpoints: give the public keys to check them, or skip the signatures explicitly');
  }
  const headRows = await db.query<{ seq: unknown; hash: unknown }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!headRows.rows[0]) throw new Error('no audit trail in this database (no head row)');
  const headSeq = Number(headRows.rows[0].seq);
  const headHash = asBuffer(headRows.rows[0].hash).toString('hex');

  const anchor = await readAnchor(db);
  const cursor = checkpointCursor(db, 1000, anchor.seq);
  let running = anchor.hash.toString('hex');
  const hasher = chainHasher();
  let expected = anchor.seq + 1;
  let checkpoints = 0;
  // The first row whose columns disagree with its body. The chain is still followed past it, as
  // far as a chain problem could still be named at or before it.
  let columnProblem: AuditProblem | undefined;
  let hashBeforeColumnProblem = running;
  const report = (problem?: AuditProblem): VerifyReport => {
    const sound = problem && problem === columnProblem ? { seq: problem.seq - 1, hash: hashBeforeColumnProblem } : { seq: expected - 1, hash: running };
    return {
      ok: !problem,
      entries: sound.seq - anchor.seq,
      lastSeq: sound.seq,
      lastHash: sound.hash,
      checkpoints,
      signaturesChecked: checkSignatures,
      anchorSeq: anchor.seq,
      ...(problem ? { problem } : {}),
    };
  };
  const noteColumnProblem = (problem: AuditProblem, hashBefore: string) => {
    if (columnProblem) return;
    columnProblem = problem;
    hashBeforeColumnProblem = hashBefore;
  };

  if (anchor.seq > 0) {
    // The pruned log starts from a signed checkpoint: its signature vouches for the anchor's hash.
    let payload: CheckpointPayload;
    try {
      if (!anchor.jws) throw new CheckpointError('the anchor carries no signed checkpoint');
      payload = checkSignatures ? await verifyCheckpointSignature(anchor.jws, keys) : readCheckpoint(anchor.jws);
    } catch (error) {
      return report({ seq: anchor.seq, kind: 'checkpoint-signature', message: `retention anchor at entry ${anchor.seq}: ${(error as Error).message}` });
    }
    if (payload.lastSeq !== anchor.seq || payload.lastHash !== running) {
      return report({ seq: anchor.seq, kind: 'checkpoint-mismatch', message: `the retention anchor at entry ${anchor.seq} differs from the checkpoint it cites` });
    }
    const before = await db.query('SELECT 1 FROM audit_log WHERE seq <= $1 LIMIT 1', [anchor.seq]);
    if (before.rows.length) return report({ seq: anchor.seq, kind: 'inserted', message: `entries at or before the retention anchor (${anchor.seq}) are present: they were put back after pruning` });
  }

  /** Checks the checkpoints up to `seq`; a checkpoint that the chain skipped is a problem too. */
  const checkCheckpointsTo = async (seq: number, hash: string): Promise<AuditProblem | undefined> => {
    for (let cp = await cursor.peek(); cp && cp.seq <= seq; cp = await cursor.peek()) {
      let payload: CheckpointPayload;
      try {
        payload = checkSignatures ? await verifyCheckpointSignature(cp.jws, keys) : readCheckpoint(cp.jws);
      } catch (error) {
        return { seq: cp.seq, kind: 'checkpoint-signature', message: `checkpoint at entry ${cp.seq}: ${(error as Error).message}` };
      }
      if (payload.lastSeq !== cp.seq) return { seq: cp.seq, kind: 'checkpoint-mismatch', message: `checkpoint stored at entry ${cp.seq} signs entry ${payload.lastSeq}` };
      if (cp.seq < seq) return { seq: cp.seq, kind: 'checkpoint-mismatch', message: `checkpoint signs entry ${cp.seq}, which is not in the log` };
      if (payload.lastHash !== hash) {
        return { seq, kind: 'checkpoint-mismatch', message: `entry ${seq} hashes to ${hash} but the signed checkpoint says ${payload.lastHash}: the log before it was rewritten` };
      }
      checkpoints++;
      cursor.next();
    }
    return undefined;
  };

  /** The stored link is read only when a hash differs, to tell a cut link from altered content. */
  const hashProblem = async (seq: number): Promise<AuditProblem> => {
    const linked = await db.query<{ prev_hash: unknown }>('SELECT prev_hash FROM audit_log WHERE seq = $1', [seq]);
    if (asBuffer(linked.rows[0]!.prev_hash).toString('hex') !== running) return { seq, kind: 'broken-link', message: `entry ${seq} does not link to entry ${seq - 1}: its previous hash differs` };
    return { seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content does not match its hash` };
  };

  /** An entry whose hashed body names a field decision list that is missing or was changed. */
  const fieldSetProblem = (seq: number, fieldSet: string): AuditProblem => ({
    seq,
    kind: 'field-set-mismatch',
    message: fieldSets.altered.has(fieldSet)
      ? `entry ${seq}'s field decisions (list ${fieldSet}) were altered: the stored list no longer matches its hash`
      : `entry ${seq}'s field decisions (list ${fieldSet}) are missing: the stored list was deleted`,
  });

  /** What a body's own number says about its position, when it disagrees with it. */
  const positionProblem = (seq: number, bodySeq: number | null): AuditProblem | undefined => {
    if (bodySeq === null) return { seq, kind: 'hash-mismatch', message: `entry ${seq} was altered: its content carries no sequence number` };
    if (bodySeq < seq) return { seq: seq - 1, kind: 'inserted', message: `an entry was inserted at ${seq - 1}: position ${seq} holds the entry numbered ${bodySeq}` };
    if (bodySeq !== seq) return { seq, kind: 'reordered', message: `position ${seq} holds the entry numbered ${bodySeq}` };
    return undefined;
  };

  let nextCheckpoint = (await cursor.peek())?.seq ?? Infinity;
  /** Checks the checkpoints at entry `seq` (which hashes to `hash`), when any are due there. */
  const checkpointsAt = async (seq: number, hash: string): Promise<AuditProblem | undefined> => {
    if (seq < nextCheckpoint) return undefined;
    const problem = await checkCheckpointsTo(seq, hash);
    nextCheckpoint = (await cursor.peek())?.seq ?? Infinity;
    return problem;
  };

  /** Checks rows one by one, to name precisely what is wrong with the first bad one. */
  const checkRows = async (rows: LogRow[]): Promise<AuditProblem | 'beyond-head' | undefined> => {
    for (const row of rows) {
      const seq = row.seq;
      // Appended after the head was read (or inserted beyond it, which the end of verify reports).
      if (seq > headSeq) return 'beyond-head';
      // Whatever the chain shows from here on is named after the column mismatch (an insertion
      // is named at the entry before the one that shows it).
      if (columnProblem && seq > columnProblem.seq + 1) return columnProblem;
      if (seq !== expected) return { seq: expected, kind: 'gap', message: `entries ${expected}${seq - 1 > expected ? `-${seq - 1}` : ''} missing (next is ${seq})` };
      // Most rows come with their columns checked and the body's number read by the reader.
      const members = row.columns && readIndexedMembers(row.body);
      const misplaced = members && members !== NOT_JSON ? positionProblem(seq, members.id) : undefined;
      if (misplaced) return misplaced;
      const hash = hasher.next(running, row.body);
      if (hash !== row.hash) return hashProblem(seq);
      const fieldSet = members ? (members === NOT_JSON ? undefined : members.fieldSet) : row.fieldSet;
      if (typeof fieldSet === 'string' && !fieldSets.sound.has(fieldSet)) return fieldSetProblem(seq, fieldSet);
      if (members === NOT_JSON) noteColumnProblem(notJson(seq), running);
      else if (members && !columnsAgree(row.columns!, members)) noteColumnProblem(columnMismatch(seq), running);
      const problem = await checkpointsAt(seq, hash);
      if (problem) return problem;
      running = hash;
      expected++;
    }
    return undefined;
  };

  /**
   * Screens a batch a chunk of lines at a time, with a turn of the event loop between chunks:
   * that lets a server's next batch, asked for already, come off the socket meanwhile (otherwise
   * the server stops sending once the socket's buffer is full, and waits for this batch's end).
   */
  const screen = async (lines: readonly string[]): Promise<boolean> => {
    let previous = running;
    for (let from = 0; from < lines.length; from += SCREEN_CHUNK) {
      if (from > 0) await new Promise(setImmediate);
      const to = Math.min(from + SCREEN_CHUNK, lines.length);
      if (!screenLines(lines, from, to, previous, expected + from, fieldSets.sound)) return false;
      previous = hashOf(lines[to - 1]!);
    }
    return true;
  };

  /** Takes lines the screen found sound throughout: what is left to check is their checkpoints. */
  const takeScreened = async (lines: readonly string[]): Promise<AuditProblem | undefined> => {
    const first = expected;
    while (nextCheckpoint < first + lines.length) {
      const seq = nextCheckpoint;
      const problem = await checkpointsAt(seq, hashOf(lines[seq - first]!));
      if (problem) {
        // Sound up to the entry before, as checkRows leaves it.
        if (seq > first) running = hashOf(lines[seq - first - 1]!);
        expected = seq;
        return problem;
      }
    }
    running = hashOf(lines[lines.length - 1]!);
    expected = first + lines.length;
    return undefined;
  };

  const checkBatch = async (batch: Batch): Promise<AuditProblem | 'beyond-head' | undefined> => {
    // The screen vouches only for a batch wholly up to the head and with no problem before it.
    const lines = !columnProblem && batch.lastSeq <= headSeq ? batch.lines() : undefined;
    if (lines?.length && (await screen(lines))) return takeScreened(lines);
    return checkRows(await batch.rows());
  };

  /** What the end of the log shows: entries missing or added at the end, or a rewritten head. */
  const endProblem = async (): Promise<AuditProblem | undefined> => {
    if (expected - 1 < headSeq) return { seq: expected, kind: 'truncated', message: `the head records ${headSeq} entries but the log ends at ${expected - 1}` };
    if (running !== headHash) return { seq: headSeq, kind: 'head-mismatch', message: `the head's hash differs from entry ${headSeq}'s` };
    const tail = await db.query<{ max: unknown }>('SELECT max(seq) AS max FROM audit_log');
    const now = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
    if (Number(tail.rows[0]?.max) > Number(now.rows[0]?.seq)) {
      return { seq: Number(now.rows[0]?.seq) + 1, kind: 'inserted', message: `entries beyond the head (up to ${Number(tail.rows[0]?.max)}) were inserted outside the log` };
    }
    const beyond = await cursor.peek();
    if (beyond && beyond.seq > headSeq) {
      // Either appended after we read the head (fine) or signed for entries since removed.
      const { rows } = await db.query<{ seq: unknown }>('SELECT seq FROM audit_head WHERE id = 1');
      if (Number(rows[0]?.seq) < beyond.seq) return { seq: beyond.seq, kind: 'truncated', message: `a checkpoint signs entry ${beyond.seq} but the log ends at ${headSeq}` };
    }
    return undefined;
  };

  // The next batch is asked for before this one is checked, so the database reads while we hash.
  let pending = fetchBatch(anchor.seq, batchSize);
  for (;;) {
    const batch = await pending;
    const full = batch.size === batchSize && batch.lastSeq < headSeq;
    if (full) pending = fetchBatch(batch.lastSeq, batchSize);
    const result = await checkBatch(batch);
    if (result === 'beyond-head') break;
    if (result) {
      if (full) await pending.catch(() => {});
      return report(earlier(result, columnProblem));
    }
    options.onProgress?.(batch.lastSeq);
    if (!full) break;
  }

  const end = await endProblem();
  return report(earlier(end, columnProblem));
}
