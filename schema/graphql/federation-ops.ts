/**
 * The federation's running order over GraphQL, for the administrator of this gateway's own member:
 * reload the signed trust list now (the same reload the schedule and SIGHUP run), and see the
 * outcome: put in force, unchanged, or refused with the list in force kept.
 */
import type { Principal } from '../../gateway/auth/types.ts';
import type { ReloadOutcome } from '../../gateway/auth/trust-list-reloader.ts';
import { userPseudonym } from '../../gateway/audit/disclosures.ts';
import type { Builder } from './builder.ts';
import { gatewayError } from './errors.ts';

export interface FederationOpsOptions {
  /** This gateway's member: only its administrators may reload. */
  gatewayId: string;
  reloadTrustList(by: { member: string; user: string }): Promise<ReloadOutcome>;
}

function administrator(ctx: { principal?: Principal }, gatewayId: string): Principal {
  const p = ctx.principal;
  if (!p || p.role !== 'admin' || p.member.id !== gatewayId) throw gatewayError('FORBIDDEN', `only an administrator (role admin) of ${gatewayId} may reload the trust list`);
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
  b.mutationFields((t: any) => ({
    reloadTrustList: t.field({
      type: TrustListReload,
      nullable: false,
      description: "Reads the federation trust list again from this gateway's configured file or URL and puts it in force if it verifies with the operator key and is newer than the list in force. Audited. Role admin of this gateway's member only.",
      resolve: (_root: unknown, _args: unknown, ctx: { principal?: Principal }): Promise<ReloadOutcome> => {
        if (!options) throw gatewayError('FORBIDDEN', 'this gateway does not reload its trust list');
        const p = administrator(ctx, options.gatewayId);
        return options.reloadTrustList({ member: p.member.id, user: userPseudonym(p) });
      },
    }),
  }));
}
