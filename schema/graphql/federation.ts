/**
 * Referrals exchanged with peer gateways, over GraphQL: each referral's messages to peers
 * (`ReferralRecord.deliveries`: state, attempts, last error, what the consent check at delivery
 * withheld, the signed receipt), the caller's outbox, and `retryDelivery` for a dead-lettered or
 * stopped message. Who may see and retry what is decided behind FederationOperations.
 */
import type { DeliveryView } from '../../gateway/federation/delivery-view.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { StoredReferral } from '../../gateway/store/types.ts';
import type { AnyRef, Builder } from './builder.ts';
import { gatewayError } from './errors.ts';

export interface FederationOperations {
  deliveries(request: AuthenticatedRequest, referral: StoredReferral): Promise<DeliveryView[]>;
  outbox(request: AuthenticatedRequest, filter: { state?: string; limit: number }): Promise<DeliveryView[]>;
  retryDelivery(request: AuthenticatedRequest, referralId: string): Promise<DeliveryView[]>;
}

export function addFederationSchema(builder: Builder, options: { operations?: FederationOperations; ReferralRecord: AnyRef; maxListSize: number }): void {
  const ops = options.operations;
  if (!ops) return;
  const b = builder as any;

  const DeliveryReceipt = b.objectRef('DeliveryReceipt').implement({
    description: "The recipient's signed receipt of a message: proof that it arrived, over the SHA-256 of exactly what arrived.",
    fields: (t: any) => ({
      messageId: t.exposeID('messageId', { nullable: false }),
      digest: t.exposeString('digest', { nullable: false, description: 'SHA-256 (hex) of the signed message as it arrived.' }),
      signedBy: t.exposeString('signedBy', { nullable: false, description: 'The member that received the message and signed the receipt.' }),
      receivedAt: t.exposeString('receivedAt', { nullable: false, description: 'When the receiving gateway stored the message. Format: date-time.' }),
      withheldOnReceipt: t.exposeStringList('withheldOnReceipt', { nullable: false, description: "Fields the receiving gateway's own policy did not let its recipient hold (JSON Pointers); for a consent withdrawal, the fields it removed from its copy." }),
      jws: t.exposeString('jws', { nullable: false, description: 'The signed receipt (compact JWS), to verify with the recipient\'s key from the trust list.' }),
    }),
  });

  const Delivery = b.objectRef('Delivery').implement({
    description: 'One signed message to a peer gateway (the referral, a status update, or the withdrawal of a consent it carried) and how its delivery stands.',
    fields: (t: any) => ({
      messageId: t.exposeID('messageId', { nullable: false, description: "The message's id: the receiver's idempotency key." }),
      kind: t.exposeString('kind', { nullable: false, description: 'referral, status-update or consent-withdrawal.' }),
      withdrawnConsent: t.exposeID('withdrawnConsent', { description: 'For a consent withdrawal: the id of the consent record withdrawn after the referral was delivered.' }),
      referralId: t.exposeID('referralId', { nullable: false }),
      sender: t.exposeString('sender', { nullable: false }),
      recipient: t.exposeString('recipient', { nullable: false }),
      state: t.exposeString('state', { nullable: false, description: 'pending (being delivered or waiting for a retry), delivered (a receipt is held), dead (given up: see lastErrorCode; retryDelivery puts it back), stopped (the consent check at delivery left nothing to send; or, for a consent withdrawal, the referral as delivered did not carry the consent).' }),
      attempts: t.exposeInt('attempts', { nullable: false }),
      nextAttemptAt: t.exposeString('nextAttemptAt', { description: 'When a pending message is tried next. Format: date-time.' }),
      lastErrorCode: t.exposeString('lastErrorCode', { description: 'The code of the last failure (docs/errors.md), the peer\'s own code when it refused.' }),
      lastError: t.exposeString('lastError', { description: 'What the last failure was, in words.' }),
      narrowed: t.exposeStringList('narrowed', { nullable: false, description: 'Fields withheld at delivery that were to be sent at submit: her consent was withdrawn or expired in between (JSON Pointers).' }),
      deliveredAt: t.exposeString('deliveredAt', { description: 'When the receipt was stored. Format: date-time.' }),
      created: t.exposeString('created', { nullable: false, description: 'When the message was queued. Format: date-time.' }),
      receipt: t.field({ type: DeliveryReceipt, resolve: (d: DeliveryView) => d.receipt }),
    }),
  });

  b.objectField(options.ReferralRecord, 'deliveries', (t: any) =>
    t.field({
      type: [Delivery],
      nullable: false,
      description: "The referral's messages to peer gateways, oldest first: empty when both parties are hosted here.",
      resolve: (referral: StoredReferral, _args: unknown, ctx: AuthenticatedRequest) => ops.deliveries(ctx, referral),
    }),
  );

  b.queryField('outbox', (t: any) =>
    t.field({
      type: [Delivery],
      nullable: false,
      description: "The calling member's messages to peer gateways, newest first (the gateway's data-protection officer: every member's).",
      args: { state: t.arg.string({ description: 'pending, delivered, dead or stopped.' }), first: t.arg.int({ description: `At most this many (default and maximum ${options.maxListSize}).` }) },
      resolve: (_root: unknown, args: { state?: string | null; first?: number | null }, ctx: AuthenticatedRequest) => {
        const limit = args.first ?? options.maxListSize;
        if (limit < 1 || limit > options.maxListSize) throw gatewayError('LIMIT_EXCEEDED', `first must be from 1 to ${options.maxListSize}`, { limit: 'maxListSize', max: options.maxListSize });
        return ops.outbox(ctx, { ...(args.state ? { state: args.state } : {}), limit });
      },
    }),
  );

  b.mutationField('retryDelivery', (t: any) =>
    t.field({
      type: [Delivery],
      nullable: false,
      description: "Puts the referral's dead-lettered or stopped messages back in line (a stopped referral is checked against her consent again).",
      args: { referralId: t.arg.id({ required: true }) },
      resolve: (_root: unknown, args: { referralId: string }, ctx: AuthenticatedRequest) => ops.retryDelivery(ctx, String(args.referralId)),
    }),
  );
}
