/**
 * POST /peer/v1/checkpoints: a peer gateway offers the signed checkpoints of its own audit log; each
 * is checked with the peer's key from the trust list and stored as a witness, with its audit entry in
 * the same transaction, and the answer carries this gateway's own newest checkpoint, so one call
 * leaves each side holding a witness of the other. A checkpoint that contradicts one held for the same
 * entry is kept, with the one held, as the proof of a fork (409, CHECKPOINT_FORK).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AuditAppender } from '../audit/appender.ts';
import { CheckpointError, readCheckpoint, type CheckpointPayload } from '../audit/checkpoint.ts';
import { ownNewestCheckpoint, storeWitnesses, type ReceivedWitness } from '../audit/witnesses.ts';
import { peerBodyProblems, peerBodyRefusal } from '../federation/peer-bodies.ts';
import { WITNESS_PATH, witnessExchange, type CheckpointAnswer, type CheckpointOffer, type ExchangeOutcome } from '../federation/witness-exchange.ts';
import type { Federation } from '../federation/setup.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { Authenticator, TrustList } from '../auth/types.ts';
import { answer, peerCaller, readJsonBody, refuse } from './peer-answers.ts';
import type { Db } from '../store/db.ts';

export interface WitnessRouteOptions {
  db: Db;
  audit: AuditAppender;
  /** The gateway's authenticator, once it is built. */
  authenticator: () => Authenticator | undefined;
  logger: Logger;
}

const MAX_BODY_BYTES = 256 * 1024;

/** The checkpoints' payloads, or a reason why one does not follow spec/v1/peer-checkpoint.schema.json. */
function payloadsOf(offer: CheckpointOffer): CheckpointPayload[] | string {
  const payloads = offer.checkpoints.map(readCheckpoint);
  for (const [i, payload] of payloads.entries()) {
    const problems = peerBodyProblems('peer-checkpoint', payload);
    if (problems.length) return `checkpoint ${i}: ${peerBodyRefusal('peer-checkpoint', problems)}`;
  }
  return payloads;
}

export function witnessRoute(options: WitnessRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { db, audit, logger } = options;
  return async (req, res) => {
    const principal = await peerCaller(req, res, options.authenticator(), WITNESS_PATH);
    if (!principal) return;
    if (principal.role !== 'service' || !principal.member.endpoints.gateway) return refuse(res, 403, 'WITNESS_REFUSED', 'only a peer gateway (role service of a member with a gateway) offers checkpoints');
    const body = await readJsonBody(req, res, MAX_BODY_BYTES);
    if (!body) return;
    const problems = peerBodyProblems('peer-checkpoint-offer', body);
    if (problems.length) return refuse(res, 400, 'BAD_USER_INPUT', peerBodyRefusal('peer-checkpoint-offer', problems));
    const offer = body as unknown as CheckpointOffer;
    let outcomes: ReceivedWitness[];
    try {
      const payloads = payloadsOf(offer);
      if (typeof payloads === 'string') return refuse(res, 400, 'CHECKPOINT_INVALID', payloads);
      // A gateway vouches only for its own log: a checkpoint naming another gateway is not its to sign.
      if (payloads.some((payload) => payload.gateway !== principal.member.id)) {
        return refuse(res, 403, 'WITNESS_REFUSED', `offer only checkpoints of your own log (gateway ${principal.member.id})`);
      }
      outcomes = await storeWitnesses(db, audit, principal.member, offer.checkpoints);
    } catch (error) {
      if (error instanceof CheckpointError) return refuse(res, 400, 'CHECKPOINT_INVALID', error.message);
      throw error;
    }
    const fork = outcomes.find((o) => o.outcome === 'fork');
    if (fork) {
      logger.error({ component: 'witness', code: 'CHECKPOINT_FORK', member: principal.member.id }, `gateway ${fork.payload.gateway} signed two different checkpoints for entry ${fork.payload.lastSeq}: both kept as proof`);
      return refuse(res, 409, 'CHECKPOINT_FORK', `you signed two different checkpoints for entry ${fork.payload.lastSeq} of your log; both are kept as proof`);
    }
    const reply: CheckpointAnswer = {
      kind: 'peer-checkpoint-answer',
      recorded: outcomes.filter((o) => o.outcome === 'recorded').length,
      known: outcomes.filter((o) => o.outcome === 'known').length,
      checkpoints: await ownNewestCheckpoint(audit),
    };
    answer(res, 200, reply);
  };
}

export interface Witnesses {
  /** The route peers offer their checkpoints to. */
  route: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Exchanges checkpoints with every peer now; absent on a gateway that hosts no members (no peers to call). */
  exchange?: () => Promise<ExchangeOutcome[]>;
  stop(): void;
}

/** The route, and the exchange on the configured schedule when this gateway calls peers. */
export function startWitnesses(options: WitnessRouteOptions & { config: GatewayConfig; trustList: TrustList; federation?: Federation }): Witnesses {
  const { federation, logger } = options;
  const exchange = federation && witnessExchange({
    db: options.db,
    audit: options.audit,
    trustList: options.trustList,
    peers: () => federation.peers,
    client: federation.client,
    intervalMs: options.config.federationOps.witnesses.intervalSeconds * 1000,
    onOutcome: (outcomes) => {
      for (const o of outcomes) {
        if (o.code) logger[o.code === 'CHECKPOINT_FORK' ? 'error' : 'warn']({ component: 'witness', code: o.code }, `checkpoint exchange with ${o.peer} failed`);
        else logger.debug({ component: 'witness' }, `checkpoint exchange with ${o.peer}: ${o.recorded} of ${o.offered} stored there, its checkpoint ${o.witness ?? 'not sent'} here`);
      }
    },
  });
  return {
    route: witnessRoute(options),
    ...(exchange ? { exchange: exchange.exchange } : {}),
    stop: () => exchange?.stop(),
  };
}
