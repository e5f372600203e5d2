/**
 * The outbox as the GraphQL API offers it: a referral's messages to peers (its sender and
 * recipient see them), the caller's own outbox, and putting a dead-lettered or stopped delivery
 * back in line. The gateway's data-protection officer sees and retries every member's messages.
 */
import type { Principal } from '../auth/types.ts';
import type { FederationService } from '../federation/service.ts';
import { deliveryView, type DeliveryView } from '../federation/delivery-view.ts';
import type { OutboxState, Store, StoredReferral } from '../store/index.ts';
import { gatewayError } from '../../schema/graphql/errors.ts';
import type { FederationOperations } from '../../schema/graphql/federation.ts';
import type { AuthenticatedRequest } from '../request/context.ts';
import { NrxError } from '../../lib/errors.ts';

export interface FederationOperationsOptions {
  store: Store;
  service: FederationService;
  gatewayId: string;
  now?: () => Date;
}

const STATES: readonly OutboxState[] = ['pending', 'delivered', 'dead', 'stopped'];

export function federationOperations(options: FederationOperationsOptions): FederationOperations {
  const { store, service, gatewayId } = options;
  const now = options.now ?? (() => new Date());
  const isOfficer = (p: Principal) => p.role === 'dpo' && p.member.id === gatewayId;
  const mayRead = (p: Principal, referral: Pick<StoredReferral, 'sender' | 'recipient'>) => isOfficer(p) || referral.sender === p.member.id || referral.recipient === p.member.id;

  return {
    async deliveries(request: AuthenticatedRequest, referral: StoredReferral): Promise<DeliveryView[]> {
      if (!mayRead(request.principal, referral)) return [];
      return (await store.outbox.forReferral(referral.id)).map(deliveryView);
    },
    async outbox(request, { state, limit }) {
      if (state !== undefined && !STATES.includes(state as OutboxState)) throw gatewayError('BAD_USER_INPUT', `state must be one of ${STATES.join(', ')}`);
      const p = request.principal;
      const messages = await store.outbox.list({ ...(state ? { state: state as OutboxState } : {}), ...(isOfficer(p) ? {} : { sender: p.member.id }), limit });
      return messages.map(deliveryView);
    },
    async retryDelivery(request, referralId) {
      const p = request.principal;
      const referral = await store.referrals.get(referralId);
      if (!referral || !mayRead(p, referral)) throw gatewayError('NOT_FOUND', `no referral ${referralId} that ${p.member.id} sent or received`);
      const messages = await store.outbox.forReferral(referralId);
      const mine = messages.filter((m) => isOfficer(p) || m.sender === p.member.id);
      const stuck = mine.filter((m) => m.state === 'dead' || m.state === 'stopped');
      if (stuck.length === 0) throw new NrxError('DELIVERY_NOT_RETRYABLE', `referral ${referralId} has no dead-lettered or stopped message of ${p.member.id} (states: ${mine.map((m) => m.state).join(', ') || 'none'})`);
      const at = now().toISOString();
      for (const message of stuck) await store.outbox.retry(message.id, at);
      service.queued();
      return (await store.outbox.forReferral(referralId)).filter((m) => stuck.some((s) => s.id === m.id)).map(deliveryView);
    },
  };
}
