/**
 * What this gateway accepts from its peers. A message is verified against the trust list (the
 * signer is the member it says it is from, active, of a 1.x version), must come from the gateway
 * that hosts that member, be addressed to a member hosted here and follow the standard (the profile
 * it names). It is stored once under its message id: the same message again gets the same receipt
 * and changes nothing, here or on another replica; other content under a used id is a replay. A
 * referral is filtered by this gateway's own policy as its new holder before it is stored; what
 * that withholds is named in the receipt. Every refusal has its own code and is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Authenticator, Principal, TrustList } from '../auth/types.ts';
import type { TransactionalAppender } from '../audit/appender.ts';
import { applyDecisions } from '../policy/apply.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { ConsentRecord } from '../policy/types.ts';
import type { Repositories } from '../store/repositories.ts';
import type { Store } from '../store/index.ts';
import { openMessage, PeerMessageError, signMessage, type Receipt, type ReferralEnvelope, type StatusEnvelope } from './messages.ts';
import type { PeerIdentity } from './peer-identity.ts';
import { normaliseGatewayUrl } from './peers.ts';
import { applyPeerStatusUpdate } from './status-sync.ts';
import type { DocumentChecker } from './document-check.ts';
import { isNrxError } from '../../lib/errors.ts';
import { errorCodeInfo } from '../../lib/error-codes.ts';

export interface InboundOptions {
  store: Store;
  audit?: TransactionalAppender;
  trustList: TrustList;
  identity: PeerIdentity;
  /** Verifies the calling gateway's token (the gateway's ordinary authenticator). */
  authenticator: Authenticator;
  views?: ViewBuilder;
  checker: DocumentChecker;
  specVersion: string;
  now?: () => Date;
}

/** An answer of the peer protocol: a receipt, or an error answer. */
export interface PeerReply {
  status: number;
  body: Record<string, unknown>;
}

export interface Inbound {
  receiveReferral(authorization: string | undefined, body: unknown): Promise<PeerReply>;
  receiveStatusUpdate(authorization: string | undefined, body: unknown): Promise<PeerReply>;
}

/** The role a received referral is filtered for: its recipient's case workers take it on. */
const RECEIVER_ROLE = 'case-worker';

/** The error answer of a refusal (spec/v1/peer-error.schema.json). */
export function errorAnswer(code: string, message: string, retryable = false): Record<string, unknown> {
  return { kind: 'peer-error', code, message: message.slice(0, 300), retryable };
}

export function createInbound(options: InboundOptions): Inbound {
  const { store, audit, trustList, identity, authenticator, views, checker } = options;
  const now = options.now ?? (() => new Date());

  function checkRoute(caller: Principal, from: string, to: string) {
    const callerUrl = caller.member.endpoints.gateway;
    const fromUrl = trustList.members.get(from)?.endpoints.gateway;
    if (!callerUrl || !fromUrl || normaliseGatewayUrl(callerUrl) !== normaliseGatewayUrl(fromUrl)) {
      throw new PeerMessageError('PEER_GATEWAY_MISMATCH', `the calling gateway (${caller.member.id}) does not host ${from}`);
    }
    if (!identity.hosts(to)) throw new PeerMessageError('PEER_RECIPIENT_UNKNOWN', `this gateway does not host ${to}`);
  }

  async function receipt(envelope: ReferralEnvelope | StatusEnvelope, digest: string, extra: Partial<Receipt>): Promise<string> {
    const payload: Receipt = {
      kind: 'peer-receipt',
      specVersion: options.specVersion,
      messageId: envelope.messageId,
      messageDigest: digest,
      from: envelope.to,
      to: envelope.from,
      referralId: envelope.referralId,
      receivedAt: now().toISOString(),
      ...extra,
    };
    return signMessage(payload, identity.signingKey(envelope.to));
  }

  /** The receipt already given for this message id, or a replay refusal when the content differs. */
  async function earlier(messageId: string, digest: string, repos: Pick<Repositories, 'inbox'> = store): Promise<PeerReply | undefined> {
    const held = await repos.inbox.get(messageId);
    if (!held) return undefined;
    if (held.digest !== digest) throw new PeerMessageError('PEER_REPLAY', `message ${messageId} was accepted before with other content`);
    return { status: 200, body: { receipt: held.receipt, duplicate: true } };
  }

  async function refuse(error: unknown, requester: string | undefined, kind: string): Promise<PeerReply> {
    if (!isNrxError(error)) throw error;
    const info = errorCodeInfo(error.code);
    const status = info.http ?? (error.code === 'DATABASE_UNAVAILABLE' || error.code === 'AUDIT_APPEND_FAILED' ? 503 : 400);
    // Refusals are audited, each with its code; a failure to audit one must not hide the refusal.
    await store.transaction(async (_repos, tx) => {
      await audit?.append(tx, { type: 'peer-message-refused', ...(requester && /^[A-Z]{2}\//.test(requester) ? { requester } : {}), details: { code: error.code, kind } });
    }).catch(() => {});
    return { status, body: errorAnswer(error.code, error.message, status >= 500 || status === 429) };
  }

  const messageOf = (body: unknown): unknown => (body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined);

  /** Her consent records the envelope carries, as the engine reads them; each must follow the standard. */
  function carriedConsents(envelope: ReferralEnvelope): ConsentRecord[] {
    return envelope.consents.map((consent, i) => {
      checker.check('consent-record', consent, `/consents/${i}`);
      return consent as unknown as ConsentRecord;
    });
  }

  /** The referral as this gateway's policy lets its recipient hold it, and what that withheld. */
  function asHolder(envelope: ReferralEnvelope, document: Record<string, unknown>): { document: Record<string, unknown>; withheld: string[] } {
    if (!views) return { document, withheld: [] };
    const recipient = trustList.members.get(envelope.to)!;
    const consents = carriedConsents(envelope);
    const decisions = views.policy.decide({
      recipient, controller: views.actor(envelope.from), purpose: String(document.purpose), role: RECEIVER_ROLE, consents,
      consentSetVersion: `peer:${envelope.messageId}`, now: now(), crossBorder: recipient.country !== views.actor(envelope.from).country,
    });
    const filtered = applyDecisions(document, decisions);
    return { document: filtered.document as Record<string, unknown>, withheld: filtered.withheld.map((w) => w.pointer) };
  }

  return {
    async receiveReferral(authorization, body) {
      let from: string | undefined;
      try {
        const caller = await authenticator.authenticate(authorization);
        const opened = await openMessage<ReferralEnvelope>(messageOf(body), 'peer-referral-envelope', trustList);
        const envelope = opened.payload;
        from = envelope.from;
        checkRoute(caller, envelope.from, envelope.to);
        const again = await earlier(envelope.messageId, opened.digest);
        if (again) return again;
        checker.check('peer-referral-envelope', envelope, '');
        const document = checker.referral(envelope);
        const held = asHolder(envelope, document);
        const sections = held.document.sections as Record<string, unknown> | undefined;
        if (!sections || Object.keys(sections).length === 0) {
          throw new PeerMessageError('PEER_POLICY_REFUSED', `no agreement of this gateway lets ${envelope.to} hold any of the referral for ${String(document.purpose)}`);
        }
        const at = now().toISOString();
        const received = {
          kind: 'referral-status-update', specVersion: options.specVersion, id: randomUUID(), referralId: envelope.referralId, sequence: 1,
          status: 'received', previousStatus: 'sent', from: envelope.to, to: envelope.from, at,
        };
        const signed = await receipt(envelope, opened.digest, { statusUpdate: received, ...(held.withheld.length ? { withheldOnReceipt: held.withheld } : {}) });
        return await store.for({ requester: envelope.from }).transaction(async (repos, tx) => {
          const accepted = await repos.inbox.insert({ messageId: envelope.messageId, kind: 'referral', sender: envelope.from, recipient: envelope.to, referralId: envelope.referralId, digest: opened.digest, receipt: signed, receivedAt: at });
          if (!accepted) return (await earlier(envelope.messageId, opened.digest, repos))!;
          const stored = await repos.referrals.insert({
            id: envelope.referralId, sender: envelope.from, recipient: envelope.to, holder: envelope.to, purpose: String(document.purpose),
            subject: String(document.subject), status: 'received', created: String(document.created), updated: at, document: held.document,
          });
          await repos.statusUpdates.insert({ id: received.id, referralId: stored.id, author: envelope.to, status: 'received', at, document: received });
          await audit?.append(tx, {
            type: 'receipt-issued', requester: envelope.from, purpose: stored.purpose, subject: stored.subject,
            details: { referral: `referral:${stored.id}`, message: envelope.messageId, kind: 'referral', sender: envelope.from, recipient: envelope.to, digest: opened.digest, withheldOnReceipt: held.withheld.length },
          });
          return { status: 200, body: { receipt: signed } };
        });
      } catch (error) {
        return refuse(error, from, 'referral');
      }
    },

    async receiveStatusUpdate(authorization, body) {
      let from: string | undefined;
      try {
        const caller = await authenticator.authenticate(authorization);
        const opened = await openMessage<StatusEnvelope>(messageOf(body), 'peer-status-envelope', trustList);
        const envelope = opened.payload;
        from = envelope.from;
        checkRoute(caller, envelope.from, envelope.to);
        const again = await earlier(envelope.messageId, opened.digest);
        if (again) return again;
        checker.check('peer-status-envelope', envelope, '');
        checker.check('referral-status-update', envelope.document, '/document');
        const document = envelope.document;
        if (document.referralId !== envelope.referralId || document.from !== envelope.from || document.sequence !== envelope.sequence) {
          throw new PeerMessageError('PEER_MESSAGE_INVALID', 'the status update does not match its envelope (referralId, from, sequence)');
        }
        const referral = await store.referrals.get(envelope.referralId);
        const parties = referral && new Set([referral.sender, referral.recipient]);
        if (!referral || !parties!.has(envelope.from) || !parties!.has(envelope.to) || envelope.from === envelope.to) {
          throw new PeerMessageError('PEER_REFERRAL_UNKNOWN', `no referral ${envelope.referralId} between ${envelope.from} and ${envelope.to} is held here`);
        }
        const signed = await receipt(envelope, opened.digest, {});
        const at = now().toISOString();
        return await store.for({ requester: envelope.from }).transaction(async (repos, tx) => {
          const accepted = await repos.inbox.insert({ messageId: envelope.messageId, kind: 'status-update', sender: envelope.from, recipient: envelope.to, referralId: envelope.referralId, digest: opened.digest, receipt: signed, receivedAt: at });
          if (!accepted) return (await earlier(envelope.messageId, opened.digest, repos))!;
          const current = (await repos.referrals.get(envelope.referralId))!;
          await applyPeerStatusUpdate(repos, current, { id: String(document.id), author: envelope.from, status: String(document.status), sequence: envelope.sequence, at: String(document.at), document }, at);
          await audit?.append(tx, {
            type: 'receipt-issued', requester: envelope.from, purpose: current.purpose, subject: current.subject,
            details: { referral: `referral:${current.id}`, message: envelope.messageId, kind: 'status-update', sender: envelope.from, recipient: envelope.to, digest: opened.digest, status: String(document.status) },
          });
          return { status: 200, body: { receipt: signed } };
        });
      } catch (error) {
        return refuse(error, from, 'status-update');
      }
    },
  };
}
