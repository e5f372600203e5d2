/**
 * Audit across gateways: this gateway offers each peer the signed checkpoints of its own log that
 * the peer has not acknowledged yet, and stores the peer's newest checkpoint from the answer as a
 * witness. Each side then holds the other's signed statement of its log, so a later rewrite or fork
 * of either log is provable with checkpoints its own key signed. Runs on a schedule and on demand.
 */
import type { AuditAppender } from '../audit/appender.ts';
import { exportCheckpoints, readCheckpoint } from '../audit/checkpoint.ts';
import { ownNewestCheckpoint, storeWitnesses } from '../audit/witnesses.ts';
import type { TrustList } from '../auth/types.ts';
import type { Db } from '../store/db.ts';
import { isNrxError, NrxError } from '../../lib/errors.ts';
import { peerBodyProblems } from './peer-bodies.ts';
import type { PeerClient } from './peer-client.ts';
import type { Peer, PeerDirectory } from './peers.ts';

export const WITNESS_PATH = '/peer/v1/checkpoints';
/** Checkpoints offered in one call, at most (the offer schema's maxItems); a peer is offered what is new since its last answer. */
export const MAX_CHECKPOINTS_PER_CALL = 100;
/** The purpose a gateway token for a checkpoint exchange names. */
const PURPOSE = 'referral';

export interface CheckpointOffer {
  kind: 'peer-checkpoint-offer';
  checkpoints: string[];
}
export interface CheckpointAnswer {
  kind: 'peer-checkpoint-answer';
  recorded: number;
  known: number;
  /** The answering gateway's newest checkpoint (none while its log is empty). */
  checkpoints: string[];
}

/** How one exchange with one peer went. */
export interface ExchangeOutcome {
  peer: string;
  /** Checkpoints of this log the peer stored now, and those it already held. */
  offered: number;
  recorded: number;
  /** The peer's checkpoint stored here as a witness: recorded, known, fork; absent when it sent none. */
  witness?: 'recorded' | 'known' | 'fork';
  /** A failed exchange: the error code (PEER_UNREACHABLE, CHECKPOINT_FORK, ...). */
  code?: string;
}

export interface WitnessExchangeOptions {
  db: Db;
  audit: AuditAppender;
  trustList: TrustList;
  /** The peers as now read from the trust list (rebuilt on a reload). */
  peers: () => PeerDirectory;
  client: PeerClient;
  /** Exchange with every peer this often; 0: only when asked. */
  intervalMs: number;
  onOutcome?: (outcomes: ExchangeOutcome[]) => void;
}

export interface WitnessExchange {
  exchange(): Promise<ExchangeOutcome[]>;
  stop(): void;
}

export function witnessExchange(options: WitnessExchangeOptions): WitnessExchange {
  const { db, audit, client } = options;
  // The newest of this log's checkpoints each peer has answered for; lost on restart, when the
  // peer is simply offered the newest ones again (it recognises those it holds).
  const acknowledged = new Map<string, number>();

  async function withPeer(peer: Peer): Promise<ExchangeOutcome> {
    const since = acknowledged.get(peer.baseUrl);
    // The newest ones to a peer met for the first time; after that, what came since its last answer.
    const offered = since === undefined
      ? (await exportCheckpoints(audit.reads, { afterSeq: 0, limit: 1_000_000 })).slice(-MAX_CHECKPOINTS_PER_CALL)
      : await exportCheckpoints(audit.reads, { afterSeq: since, limit: MAX_CHECKPOINTS_PER_CALL });
    const outcome: ExchangeOutcome = { peer: peer.hosts.join(' '), offered: offered.length, recorded: 0 };
    try {
      const offer: CheckpointOffer = { kind: 'peer-checkpoint-offer', checkpoints: offered.map((c) => c.jws) };
      const { body } = await client.call<CheckpointAnswer>(peer, { method: 'POST', path: WITNESS_PATH, purpose: PURPOSE, body: offer });
      if (peerBodyProblems('peer-checkpoint-answer', body).length) return { ...outcome, code: 'PEER_BAD_ANSWER' };
      outcome.recorded = body.recorded;
      if (offered.length) acknowledged.set(peer.baseUrl, offered.at(-1)!.seq);
      const answered = body.checkpoints[0];
      if (typeof answered === 'string') outcome.witness = await keepWitness(peer, answered);
      return outcome.witness === 'fork' ? { ...outcome, code: 'CHECKPOINT_FORK' } : outcome;
    } catch (error) {
      if (!isNrxError(error)) throw error;
      return { ...outcome, code: (error as { peerCode?: string }).peerCode ?? error.code };
    }
  }

  /** Stores the peer's own checkpoint, verified with the key of the member it names, one the peer hosts. */
  async function keepWitness(peer: Peer, jws: string): Promise<ExchangeOutcome['witness']> {
    const signer = options.trustList.members.get(readCheckpoint(jws).gateway);
    if (!signer || !peer.hosts.includes(signer.id)) throw new NrxError('WITNESS_REFUSED', `the gateway at ${peer.baseUrl} answered with a checkpoint of a log not its own`);
    const [received] = await storeWitnesses(db, audit, signer, [jws]);
    return received?.outcome;
  }

  async function exchange(): Promise<ExchangeOutcome[]> {
    // A checkpoint of the log as it is now, so that the peers witness everything up to this moment.
    await ownNewestCheckpoint(audit);
    const outcomes = await Promise.all(options.peers().all.map(withPeer));
    options.onOutcome?.(outcomes);
    return outcomes;
  }

  const timer = options.intervalMs ? setInterval(() => void exchange().catch(() => undefined), options.intervalMs) : undefined;
  timer?.unref();
  return { exchange, stop: () => clearInterval(timer) };
}
