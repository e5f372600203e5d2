/**
 * What `verify` reads beside the log's rows: where the retained log starts, the stored field
 * decision lists (each checked against its hash), and the signed checkpoints in sequence order.
 */
import type { Queryable } from '../store/db.ts';
import { GENESIS_HASH, asBuffer, sha256Hex } from './hash.ts';

export interface Anchor {
  seq: number;
  hash: Buffer;
  jws: string | null;
}

/** Where the retained log starts (after pruning), or the genesis when nothing was pruned. */
export async function readAnchor(db: Queryable): Promise<Anchor> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('audit_anchor')::text AS t");
  if (exists.rows[0]?.t == null) return { seq: 0, hash: GENESIS_HASH, jws: null };
  const { rows } = await db.query<{ seq: unknown; hash: unknown; jws: string | null }>('SELECT seq, hash, jws FROM audit_anchor WHERE id = 1');
  return rows[0] ? { seq: Number(rows[0].seq), hash: asBuffer(rows[0].hash), jws: rows[0].jws } : { seq: 0, hash: GENESIS_HASH, jws: null };
}

/**
 * The stored field decision lists, by whether each still hashes to its key; `present` false when
 * the database predates them (migration 005 adds the table and the log's field_set column).
 */
export async function readFieldSets(db: Queryable): Promise<{ present: boolean; sound: Set<string>; altered: Set<string> }> {
  const sound = new Set<string>();
  const altered = new Set<string>();
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('audit_field_sets')::text AS t");
  if (exists.rows[0]?.t == null) return { present: false, sound, altered };
  const { rows } = await db.query<{ hash: string; fields: string }>("SELECT encode(hash, 'hex') AS hash, fields FROM audit_field_sets");
  for (const { hash, fields } of rows) (sha256Hex(fields) === hash ? sound : altered).add(hash);
  return { present: true, sound, altered };
}

/** Checkpoints in sequence order, fetched a batch at a time alongside the entries. */
export function checkpointCursor(db: Queryable, batchSize: number, start: number) {
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
