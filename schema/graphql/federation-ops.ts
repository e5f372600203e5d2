/**
 * The federation's running order over GraphQL, for the administrator of this gateway's own member:
 * reload the signed trust list now (the same reload the schedule and SIGHUP run), and see the
 * outcome: put in force, unchanged, or refused with the list in force kept.
 */
import type { Principal } from '../../gateway/auth/types.ts';
import type { ReloadOutcome } from '../../gateway/auth/trust-list-reloader.ts';
import type { ExchangeOutcome } from '../../gateway/federation/witness-exchange.ts';
import { userPseudonym } from '../../gateway/audit/disclosures.ts';
import type { Builder } from './builder.ts';
import { gatewayError } from './errors.ts';

export interface FederationOpsOptions {
  /** This gateway's member: only its administrators may reload. */
  gatewayId: string;
  reloadTrustList(by: { member: string; user: string }): Promise<ReloadOutcome>;
  /** Offers every peer this log's new checkpoints and keeps theirs as witnesses, now. */
  exchangeCheckpoints(): Promise<ExchangeOutcome[]>;
}

function administrator(ctx: { principal?: Principal }, gatewayId: string, what: string): Principal {
  const p = ctx.principal;
  if (!p || p.role !== 'admin' || p.member.id !== gatewayId) throw gatewayError('FORBIDDEN', `only an administrator (role admin) of ${gatewayId} may ${what}`);
  return p;
}

export function addFederationOpsSchema(builder: Builder, options: FederationOpsOptions | undefined): void {
  const b = builder as any;
  const TrustListReload = b.objectRef('TrustListReload').implement({
    description: 'What one reload of the signed trust list did. A refused list changes nothing: the list in force stays.',
    fields: (t: any) => ({
      outcome: t.exposeString('outcome', { nullable: false, description: 'replaced (the new list is in force), unchanged, or rejected.' }),
      sequence: t.exposeInt('sequence', { nullable: false, description: 'The sequence of the list in force after the reload.' }),
      offeredSequence: t.exposeInt('offeredSequence', { description: 'The sequence of the list read, when it could be read.' }),
      code: t.exposeString('code', { description: 'Why it was rejected: an error code (docs/errors.md).' }),
      reason: t.exposeString('reason', { description: 'Why it was rejected, in a sentence.' }),
      added: t.exposeStringList('added', { nullable: false, description: 'Members that joined with this list.' }),
      removed: t.exposeStringList('removed', { nullable: false, description: 'Members that left: their tokens are refused from now on.' }),
      suspended: t.exposeStringList('suspended', { nullable: false, description: 'Members suspended with this list: their tokens are refused from now on.' }),
    }),
  });
  const CheckpointExchange = b.objectRef('CheckpointExchange').implement({
    description: "One peer gateway's part in a checkpoint exchange: what it stored of this gateway's audit log, and what this gateway stored of its own.",
    fields: (t: any) => ({
      peer: t.exposeString('peer', { nullable: false, description: 'The members the peer gateway hosts.' }),
      offered: t.exposeInt('offered', { nullable: false, description: "This log's signed checkpoints offered to the peer." }),
      recorded: t.exposeInt('recorded', { nullable: false, description: 'Of those, the ones the peer stored now (the rest it held already).' }),
      witness: t.exposeString('witness', { description: "The peer's own checkpoint here: recorded, known, or fork (it contradicts one held: both are kept as proof)." }),
      code: t.exposeString('code', { description: 'Why the exchange failed (PEER_UNREACHABLE, CHECKPOINT_FORK, …).' }),
    }),
  });
  b.mutationFields((t: any) => ({
    exchangeAuditCheckpoints: t.field({
      type: [CheckpointExchange],
      nullable: false,
      description: "Offers every peer gateway this audit log's new signed checkpoints and stores each peer's newest one as a witness, now (the gateway also does it on its schedule, federationOps.witnesses). Role admin of this gateway's member only.",
      resolve: (_root: unknown, _args: unknown, ctx: { principal?: Principal }): Promise<ExchangeOutcome[]> => {
        if (!options) throw gatewayError('FORBIDDEN', 'this gateway does not exchange checkpoints');
        administrator(ctx, options.gatewayId, 'exchange audit checkpoints');
        return options.exchangeCheckpoints();
      },
    }),
    reloadTrustList: t.field({
      type: TrustListReload,
      nullable: false,
      description: "Reads the federation trust list again from this gateway's configured file or URL and puts it in force if it verifies with the operator key and is newer than the list in force. Audited. Role admin of this gateway's member only.",
      resolve: (_root: unknown, _args: unknown, ctx: { principal?: Principal }): Promise<ReloadOutcome> => {
        if (!options) throw gatewayError('FORBIDDEN', 'this gateway does not reload its trust list');
        const p = administrator(ctx, options.gatewayId, 'reload the trust list');
        return options.reloadTrustList({ member: p.member.id, user: userPseudonym(p) });
      },
    }),
  }));
}
