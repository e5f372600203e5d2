/**
 * Witnesses of peer gateways' audit logs: their signed checkpoints, stored as they arrive, and the
 * proof of a fork when a peer signs two different checkpoints for the same entry. What a gateway
 * holds is reported by `nrx audit verify`.
 */
import type { JWK } from 'jose';
import type { Db, Queryable } from '../store/db.ts';
import type { AuditAppender } from './appender.ts';
import type { AuditEntryInput } from './entry.ts';
import type { TrustedMember } from '../auth/types.ts';
import { isNrxError } from '../../lib/errors.ts';
import { CheckpointError, readCheckpoint, recordWitness, verifyCheckpointSignature, type CheckpointPayload } from './checkpoint.ts';

export interface ReceivedWitness {
  payload: CheckpointPayload;
  /** recorded: new; known: the same checkpoint was held already; fork: it contradicts the one held. */
  outcome: 'recorded' | 'known' | 'fork';
}

/**
 * Checks a peer's checkpoint with its keys and stores it as a witness. A checkpoint that contradicts
 * the one held for the same entry is not stored as a witness: both are kept as the proof of a fork.
 * A bad signature throws CheckpointError (nothing is stored).
 */
export async function receiveWitness(db: Queryable, jws: string, peerKeys: JWK[]): Promise<ReceivedWitness> {
  const payload = await verifyCheckpointSignature(jws, peerKeys);
  const held = await db.query<{ jws: string }>('SELECT jws FROM audit_witnesses WHERE gateway = $1 AND seq = $2', [payload.gateway, payload.lastSeq]);
  if (held.rows[0]) {
    if (readCheckpoint(held.rows[0].jws).lastHash === payload.lastHash) return { payload, outcome: 'known' };
    await db.query('INSERT INTO audit_witness_forks (gateway, seq, held_jws, offered_jws) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [payload.gateway, payload.lastSeq, held.rows[0].jws, jws]);
    return { payload, outcome: 'fork' };
  }
  try {
    await recordWitness(db, jws, peerKeys);
  } catch (error) {
    // Another process stored a different checkpoint for the same entry in between: the same fork.
    if (error instanceof CheckpointError) return receiveWitness(db, jws, peerKeys);
    throw error;
  }
  return { payload, outcome: 'recorded' };
}

export interface WitnessSummary {
  /** Per peer gateway: how many of its checkpoints are held, and the newest. */
  gateways: Array<{ gateway: string; checkpoints: number; lastSeq: number; lastReceived: string }>;
  /** Every fork proven: the entry and the two hashes its gateway signed for it. */
  forks: Array<{ gateway: string; seq: number; heldHash: string; offeredHash: string; received: string }>;
}

/** What this gateway holds of its peers' logs; empty on a database older than the witness tables. */
export async function witnessSummary(db: Queryable): Promise<WitnessSummary> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('audit_witness_forks')::text AS t");
  if (exists.rows[0]?.t == null) return { gateways: [], forks: [] };
  const held = await db.query<{ gateway: string; n: unknown; last: unknown; received: unknown }>(
    'SELECT gateway, count(*) AS n, max(seq) AS last, max(received) AS received FROM audit_witnesses GROUP BY gateway ORDER BY gateway',
  );
  const forks = await db.query<{ gateway: string; seq: unknown; held_jws: string; offered_jws: string; received: unknown }>(
    'SELECT gateway, seq, held_jws, offered_jws, received FROM audit_witness_forks ORDER BY gateway, seq, received',
  );
  const iso = (value: unknown) => new Date(value as string | Date).toISOString();
  return {
    gateways: held.rows.map((r) => ({ gateway: r.gateway, checkpoints: Number(r.n), lastSeq: Number(r.last), lastReceived: iso(r.received) })),
    forks: forks.rows.map((r) => ({ gateway: r.gateway, seq: Number(r.seq), heldHash: readCheckpoint(r.held_jws).lastHash, offeredHash: readCheckpoint(r.offered_jws).lastHash, received: iso(r.received) })),
  };
}

/** The audit entry of a witness stored or a fork proven: ids, numbers and codes only. */
export function witnessEntry(peer: string, received: ReceivedWitness): AuditEntryInput {
  return { type: 'witness-recorded', requester: peer, details: { gateway: received.payload.gateway, seq: received.payload.lastSeq, outcome: received.outcome, ...(received.outcome === 'fork' ? { code: 'CHECKPOINT_FORK' } : {}) } };
}

/** This gateway's newest checkpoint, signed now if entries came since the last one. */
export async function ownNewestCheckpoint(audit: AuditAppender): Promise<string[]> {
  try {
    return [(await audit.checkpoint()).jws];
  } catch (error) {
    if (isNrxError(error) && error.code === 'AUDIT_TRAIL_EMPTY') return [];
    throw error;
  }
}

/** Stores each checkpoint as a witness with its audit entry; the outcomes in order. */
export async function storeWitnesses(db: Db, audit: AuditAppender, peer: TrustedMember, checkpoints: readonly string[]): Promise<ReceivedWitness[]> {
  const outcomes: ReceivedWitness[] = [];
  for (const jws of checkpoints) {
    const received = await db.transaction(async (tx) => {
      const result = await receiveWitness(tx, jws, peer.jwks.keys);
      if (result.outcome !== 'known') await audit.append(tx, witnessEntry(peer.id, result));
      return result;
    });
    outcomes.push(received);
  }
  return outcomes;
}
