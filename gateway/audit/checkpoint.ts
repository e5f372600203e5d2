import { CompactSign, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { importSigningKey, importVerificationKey, toPublicJwk } from '../auth/keys.ts';
import type { Queryable } from '../store/db.ts';
import { NrxError } from '../../lib/errors.ts';

export const CHECKPOINT_TYPE = 'nrx-audit-checkpoint+jws';

/** What a checkpoint attests: the log of `gateway` had `lastSeq` entries ending in `lastHash`. */
export interface CheckpointPayload {
  lastSeq: number;
  /** Hex SHA-256 chain hash of entry `lastSeq`. */
  lastHash: string;
  at: string;
  gateway: string;
}

export interface CheckpointSigner {
  sign(payload: CheckpointPayload): Promise<string>;
}

/** Signs checkpoints as compact JWS with the gateway's private signing JWK. */
export async function checkpointSigner(privateJwk: JWK): Promise<CheckpointSigner> {
  const { alg, key } = await importSigningKey(privateJwk);
  const header = { alg, typ: CHECKPOINT_TYPE, ...(privateJwk.kid ? { kid: privateJwk.kid } : {}) };
  return {
    sign: (payload) => new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(key),
  };
}

export class CheckpointError extends NrxError<'CHECKPOINT_INVALID' | 'CHECKPOINT_KEY_MISSING'> {
  constructor(message: string, code: 'CHECKPOINT_INVALID' | 'CHECKPOINT_KEY_MISSING' = 'CHECKPOINT_INVALID') {
    super(code, message);
  }
}

function isPayload(value: unknown): value is CheckpointPayload {
  const p = value as CheckpointPayload;
  return (
    !!p && typeof p === 'object' && Number.isSafeInteger(p.lastSeq) && p.lastSeq >= 1 &&
    typeof p.lastHash === 'string' && /^[0-9a-f]{64}$/.test(p.lastHash) &&
    typeof p.at === 'string' && typeof p.gateway === 'string' && p.gateway.length > 0
  );
}

/** Reads a checkpoint's payload without checking its signature (to decide which key to check it with). */
export function readCheckpoint(jws: string): CheckpointPayload {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new CheckpointError('not a compact JWS');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new CheckpointError('checkpoint payload is not JSON');
  }
  if (!isPayload(payload)) throw new CheckpointError('checkpoint payload lacks lastSeq, lastHash, at or gateway');
  return payload;
}

/**
 * Checks a checkpoint's signature against the given public keys (chosen by `kid` when the JWS names
 * one) and returns its payload; throws a CheckpointError that says what is wrong.
 */
export async function verifyCheckpointSignature(jws: string, keys: JWK[]): Promise<CheckpointPayload> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new CheckpointError('not a compact JWS');
  }
  if (header.typ !== CHECKPOINT_TYPE) throw new CheckpointError(`not an audit checkpoint (typ '${String(header.typ)}')`);
  const candidates = header.kid ? keys.filter((k) => k.kid === header.kid) : keys;
  if (!candidates.length) throw new CheckpointError(`no key given for kid '${String(header.kid)}'`);
  for (const jwk of candidates) {
    const { alg, key } = await importVerificationKey(toPublicJwk(jwk));
    if (header.alg !== alg) continue;
    try {
      const { payload } = await compactVerify(jws, key, { algorithms: [alg] });
      const parsed = JSON.parse(new TextDecoder().decode(payload));
      if (!isPayload(parsed)) throw new CheckpointError('checkpoint payload lacks lastSeq, lastHash, at or gateway');
      return parsed;
    } catch (error) {
      if (error instanceof CheckpointError) throw error;
    }
  }
  throw new CheckpointError('signature does not verify with the given keys');
}

export interface StoredCheckpoint {
  seq: number;
  gateway: string;
  jws: string;
}

/** This gateway's checkpoints after `afterSeq`, oldest first: what peers store as witnesses. */
export async function exportCheckpoints(db: Queryable, options: { afterSeq?: number; limit?: number } = {}): Promise<StoredCheckpoint[]> {
  const { rows } = await db.query<{ seq: unknown; gateway: string; jws: string }>(
    'SELECT seq, gateway, jws FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2',
    [options.afterSeq ?? 0, options.limit ?? 10_000],
  );
  return rows.map((r) => ({ seq: Number(r.seq), gateway: r.gateway, jws: r.jws }));
}

/**
 * Stores a peer gateway's checkpoint as a witness of its log, after checking its signature with the
 * peer's keys. A second, different checkpoint for the same position proves the peer's log forked or
 * was rewritten: that is refused and reported.
 */
export async function recordWitness(db: Queryable, jws: string, peerKeys: JWK[]): Promise<CheckpointPayload> {
  const payload = await verifyCheckpointSignature(jws, peerKeys);
  const { rows } = await db.query<{ jws: string }>(
    `INSERT INTO audit_witnesses (gateway, seq, jws) VALUES ($1, $2, $3)
     ON CONFLICT (gateway, seq) DO NOTHING RETURNING jws`,
    [payload.gateway, payload.lastSeq, jws],
  );
  if (rows.length) return payload;
  const existing = await db.query<{ jws: string }>('SELECT jws FROM audit_witnesses WHERE gateway = $1 AND seq = $2', [payload.gateway, payload.lastSeq]);
  const known = existing.rows[0] ? readCheckpoint(existing.rows[0].jws) : undefined;
  if (known && known.lastHash !== payload.lastHash) {
    throw new CheckpointError(`gateway ${payload.gateway} signed two different checkpoints for entry ${payload.lastSeq}: its log was forked or rewritten`);
  }
  return payload;
}
