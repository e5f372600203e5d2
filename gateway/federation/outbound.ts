/**
 * What this gateway sends its peers, made from what it holds: a referral filtered for its
 * recipient and purpose by the same view code as every read (agreements and her consents as they
 * stand), status updates, and the withdrawal of a consent a delivered referral rested on, each
 * signed by the member it comes from, as rows the caller queues in the outbox in the transaction of
 * the change itself.
 */
import { randomUUID } from 'node:crypto';
import type { Principal, TrustList } from '../auth/types.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { StoredConsent, StoredReferral, StoredStatusUpdate } from '../store/index.ts';
import type { NewOutboxMessage, OutboxMessage } from '../store/peer-messages.ts';
import { payloadOf, signMessage, type ConsentWithdrawalEnvelope, type Envelope, type ReferralEnvelope, type StatusEnvelope, type WithheldField } from './messages.ts';
import type { PeerIdentity } from './peer-identity.ts';
import type { PeerDirectory } from './peers.ts';
import { NrxError } from '../../lib/errors.ts';

/** A referral as sent: stored, or about to be. */
export type ReferralToSend = Omit<StoredReferral, 'seq'>;

/** What a recipient may receive of a referral now. */
export interface ReleasedReferral {
  document: Record<string, unknown>;
  withheld: WithheldField[];
  transformed: { pointer: string; transform: string }[];
  /** Her consent records that a released field rests on. */
  consents: Record<string, unknown>[];
}

export interface OutboundOptions {
  trustList: TrustList;
  identity: PeerIdentity;
  /** The peers as the trust list in force names them (a reload may move, add or suspend one). */
  peers: () => PeerDirectory;
  /** The field-level policy; without it (enforcement off) the whole document is sent. */
  views?: ViewBuilder;
  /** Her consent records as they stand now (withdrawals included). */
  consentsFor(subject: string): Promise<readonly StoredConsent[]>;
  specVersion: string;
  now?: () => Date;
}

export interface Outbound {
  /** Whether a member is hosted by a peer gateway (and so gets its messages through the outbox). */
  isRemote(memberId: string): boolean;
  release(referral: ReferralToSend): Promise<ReleasedReferral>;
  /** The signed envelope of a released referral. */
  referralMessage(referral: ReferralToSend, messageId: string, released: ReleasedReferral): Promise<string>;
  /**
   * The referral's signed envelope as an outbox row, for the caller to queue in the transaction that
   * stores the referral. Made before that transaction: it reads her consents.
   */
  referralOutboxMessage(referral: ReferralToSend): Promise<NewOutboxMessage>;
  /** A status update signed by its author, as an outbox row for the other party (no database access). */
  statusOutboxMessage(referral: StoredReferral, update: StoredStatusUpdate): Promise<NewOutboxMessage>;
  /**
   * The withdrawal of a consent that the referral queued as `sent` carried, signed by the
   * referral's sender, as an outbox row for its recipient (spec/peer-protocol.md §10). It carries
   * the envelope's other consents that are still in force (`inForce`, by id), as the envelope carried them.
   */
  withdrawalOutboxMessage(sent: OutboxMessage, consentId: string, withdrawnAt: string, inForce: ReadonlySet<string>): Promise<NewOutboxMessage>;
}

/** The ids of the consents a referral envelope carries. */
export const consentIdsOf = (consents: readonly Record<string, unknown>[]): string[] => consents.map((c) => c.id).filter((id): id is string => typeof id === 'string');

/** A referral outbox row's envelope as it was sent (once delivered) or is to be sent. */
const sentEnvelope = (row: OutboxMessage): ReferralEnvelope => payloadOf<ReferralEnvelope>(row.sentMessage ?? row.message);

/** The role a referral is filtered for: it is addressed to the organisation, whose case workers take it on. */
const RECIPIENT_ROLE = 'case-worker';
/** A principal's expiry that never passes: the recipient here is a member, not a token holder. */
const NEVER = new Date(8.64e15);

export function createOutbound(options: OutboundOptions): Outbound {
  const { trustList, identity, peers, views } = options;
  const now = options.now ?? (() => new Date());

  async function release(referral: ReferralToSend): Promise<ReleasedReferral> {
    const document = referral.document as unknown as Record<string, unknown>;
    if (!views) return { document, withheld: [], transformed: [], consents: [] };
    const member = trustList.members.get(referral.recipient);
    if (!member) throw new NrxError('PEER_UNKNOWN', `recipient ${referral.recipient} is not in the trust list`);
    const recipient: Principal = { member, user: identity.gatewayId, purpose: referral.purpose, role: RECIPIENT_ROLE, expiresAt: NEVER };
    const view = await views.view(recipient, views.referral(referral));
    const bases = new Set<string>();
    for (const field of view.decisions?.fields ?? []) if (field.action !== 'withhold' && field.basis?.consent) bases.add(field.basis.consent.id);
    const consents = bases.size === 0 ? [] : (await options.consentsFor(referral.subject)).filter((c) => bases.has(c.id) && !c.withdrawnAt).map((c) => ({ ...(c.document as unknown as Record<string, unknown>), subject: view.subject }));
    return {
      document: view.document,
      withheld: view.withheld.map((w) => ({ pointer: w.pointer, reason: w.reason })),
      transformed: view.transformed.map((t) => ({ pointer: t.pointer, transform: t.transform })),
      consents,
    };
  }

  /** What every envelope opens with: its kind, version, id, parties, time and referral. */
  const heading = <K extends Envelope['kind']>(kind: K, messageId: string, from: string, to: string, referralId: string) =>
    ({ kind, specVersion: options.specVersion, messageId, from, to, sentAt: now().toISOString(), referralId });

  /** A message signed by its author, as the outbox row that carries it to `to`. */
  const outboxRow = (kind: NewOutboxMessage['kind'], envelope: Envelope, message: string): NewOutboxMessage => ({
    id: envelope.messageId, kind, referralId: envelope.referralId, sender: envelope.from, recipient: envelope.to, message, created: now().toISOString(),
    ...(envelope.kind === 'peer-referral-envelope' ? { consentIds: consentIdsOf(envelope.consents) } : {}),
  });

  function referralEnvelope(referral: ReferralToSend, messageId: string, released: ReleasedReferral): ReferralEnvelope {
    const profile = (referral.document as unknown as { profile?: unknown }).profile;
    return {
      ...heading('peer-referral-envelope', messageId, referral.sender, referral.recipient, referral.id),
      ...(typeof profile === 'string' ? { profile } : {}),
      document: released.document,
      withheld: released.withheld,
      transformed: released.transformed,
      consents: released.consents,
    };
  }

  async function referralMessage(referral: ReferralToSend, messageId: string, released: ReleasedReferral): Promise<string> {
    return signMessage(referralEnvelope(referral, messageId, released), identity.signingKey(referral.sender));
  }

  return {
    isRemote: (memberId) => !identity.hosts(memberId) && peers().hosting(memberId) !== undefined,
    release,
    referralMessage,
    async referralOutboxMessage(referral) {
      const envelope = referralEnvelope(referral, randomUUID(), await release(referral));
      return outboxRow('referral', envelope, await signMessage(envelope, identity.signingKey(referral.sender)));
    },
    async statusOutboxMessage(referral, update) {
      const to = update.author === referral.sender ? referral.recipient : referral.sender;
      const document = update.document as unknown as Record<string, unknown>;
      const envelope: StatusEnvelope = {
        ...heading('peer-status-envelope', randomUUID(), update.author, to, referral.id),
        sequence: typeof document.sequence === 'number' ? document.sequence : 0,
        document,
      };
      return outboxRow('status-update', envelope, await signMessage(envelope, identity.signingKey(update.author)));
    },
    async withdrawalOutboxMessage(sent, consentId, withdrawnAt, inForce) {
      const consents = sentEnvelope(sent).consents.filter((c) => typeof c.id === 'string' && c.id !== consentId && inForce.has(c.id));
      const envelope: ConsentWithdrawalEnvelope = {
        ...heading('peer-consent-withdrawal-envelope', randomUUID(), sent.sender, sent.recipient, sent.referralId),
        consentId,
        withdrawnAt,
        consents,
      };
      return outboxRow('consent-withdrawal', envelope, await signMessage(envelope, identity.signingKey(sent.sender)));
    },
  };
}
