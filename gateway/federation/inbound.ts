/**
 * What this gateway accepts from its peers. A message is verified against the trust list (the
 * signer is the member it says it is from, active, of a 1.x version), must come from the gateway
 * that hosts that member, be addressed to a member hosted here and follow the standard (the profile
 * it names). It is stored once under its message id: the same message again gets the same receipt
 * and changes nothing, here or on another replica; other content under a used id is a replay. A
 * referral is filtered by this gateway's own policy as its new holder before it is stored; what
 * that withholds is named in the receipt. A consent withdrawn after delivery narrows the copy held
 * here: filtered again with the consents that remain, never gaining a field. Every refusal has its
 * own code and is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Authenticator, Principal, TrustList } from '../auth/types.ts';
import type { TransactionalAppender } from '../audit/appender.ts';
import { isAuditIdentifier, type AuditEntryInput } from '../audit/entry.ts';
import { applyDecisions } from '../policy/apply.ts';
import { narrowHeld } from '../policy/narrow.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { ConsentRecord } from '../policy/types.ts';
import type { Repositories } from '../store/repositories.ts';
import type { AuditActor, NewReferral, NewStatusUpdate, Store, StoredReferral } from '../store/index.ts';
import { decodeProtectedHeader } from 'jose';
import type { Queryable } from '../store/db.ts';
import { MAX_BATCH_MESSAGES, MESSAGE_TYPES, openMessage, PeerMessageError, signMessage, type ConsentWithdrawalEnvelope, type Envelope, type OpenedMessage, type Receipt, type ReferralEnvelope, type StatusEnvelope } from './messages.ts';
import type { PeerIdentity } from './peer-identity.ts';
import { normaliseGatewayUrl } from './peers.ts';
import { applyPeerStatusUpdate } from './status-sync.ts';
import type { DocumentChecker } from './document-check.ts';
import type { Logger } from 'pino';
import { isNrxError, NrxError } from '../../lib/errors.ts';
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
  logger?: Logger;
  now?: () => Date;
}

/** An answer of the peer protocol: a receipt, or an error answer. */
export interface PeerReply {
  status: number;
  body: Record<string, unknown>;
}

/** The kinds of message a peer sends, as their outbox and inbox rows name them. */
export type PeerMessageKind = 'referral' | 'status-update' | 'consent-withdrawal';

export interface Inbound {
  /** One message of `kind`, from the body `{ "message": "<compact JWS>" }`. */
  receive(kind: PeerMessageKind, authorization: string | undefined, body: unknown): Promise<PeerReply>;
  /**
   * Several messages, of any kind, in one request: the token checked once, each message judged
   * on its own exactly as alone, the accepted ones stored in one transaction. The answer's `results`
   * hold one body per message, in order: a receipt (and `duplicate`), or an error answer.
   */
  receiveBatch(authorization: string | undefined, body: unknown): Promise<PeerReply>;
}

/** A message that passed every check, ready to be stored with its receipt and audit entries. */
interface Accepted {
  kind: PeerMessageKind;
  envelope: Envelope;
  digest: string;
  receipt: string;
  at: string;
  /** What the message changes here, in the transaction that records it in the inbox; returns its audit entries (its receipt's last), for the caller to append. */
  apply(repos: Repositories): Promise<AuditEntryInput[]>;
  /** A referral's rows, for a batch to store with those of the others in one statement per table (what `apply` writes). */
  rows?: ReferralRows;
}

/** What an accepted referral writes: its copy, its `received` status, and its receipt's audit entry once stored. */
interface ReferralRows {
  referral: NewReferral;
  statusUpdate: NewStatusUpdate;
  receiptEntry(stored: StoredReferral): AuditEntryInput;
}

/** A message judged: refused or seen before (an answer now), or accepted (stored next). */
type Judged = { reply: PeerReply } | { accepted: Accepted };

/** The payload kind of each message kind. */
const ENVELOPE_OF_KIND = { referral: 'peer-referral-envelope', 'status-update': 'peer-status-envelope', 'consent-withdrawal': 'peer-consent-withdrawal-envelope' } as const satisfies Record<PeerMessageKind, Envelope['kind']>;
/** The JWS `typ` of each kind, to tell the kinds apart in a batch. */
const KIND_OF_TYPE: Record<string, PeerMessageKind> = Object.fromEntries(Object.entries(ENVELOPE_OF_KIND).map(([kind, envelope]) => [MESSAGE_TYPES[envelope], kind as PeerMessageKind]));

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

  async function receipt(envelope: Envelope, digest: string, extra: Partial<Receipt>): Promise<string> {
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

  async function refuse(failure: unknown, requester: string | undefined, kind: string): Promise<PeerReply> {
    // A fault of this gateway (its database refused a statement): this message is answered as retryable, the others are not held back.
    if (!isNrxError(failure)) options.logger?.error({ err: failure, component: 'federation' }, `peer message (${kind}) from ${requester ?? 'an unknown sender'} could not be stored`);
    const error = isNrxError(failure) ? failure : new NrxError('INTERNAL', 'the message could not be stored here; send it again later');
    const info = errorCodeInfo(error.code);
    const status = info.http ?? (error.code === 'DATABASE_UNAVAILABLE' || error.code === 'AUDIT_APPEND_FAILED' ? 503 : error.code === 'INTERNAL' ? 500 : 400);
    // Refusals are audited, each with its code; a failure to audit one must not hide the refusal.
    await store.transaction(async (_repos, tx) => {
      await audit?.append(tx, { type: 'peer-message-refused', ...(requester && /^[A-Z]{2}\//.test(requester) ? { requester } : {}), details: { code: error.code, kind } });
    }).catch(() => {});
    return { status, body: errorAnswer(error.code, error.message, status >= 500 || status === 429) };
  }

  const messageOf = (body: unknown): unknown => (body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined);

  /** Her consent records the envelope carries, as the engine reads them; each must follow the standard. */
  function carriedConsents(envelope: ReferralEnvelope | ConsentWithdrawalEnvelope): ConsentRecord[] {
    return envelope.consents.map((consent, i) => {
      checker.check('consent-record', consent, `/consents/${i}`);
      return consent as unknown as ConsentRecord;
    });
  }

  /** This gateway's decisions for the envelope's recipient as holder of a referral from its sender, with the consents it carries. */
  function holderDecisions(envelope: ReferralEnvelope | ConsentWithdrawalEnvelope, purpose: string, consents: ConsentRecord[]) {
    const recipient = trustList.members.get(envelope.to)!;
    return views!.policy.decide({
      recipient, controller: views!.actor(envelope.from), purpose, role: RECEIVER_ROLE, consents,
      consentSetVersion: `peer:${envelope.messageId}`, now: now(), crossBorder: recipient.country !== views!.actor(envelope.from).country,
    });
  }

  /** The referral as this gateway's policy lets its recipient hold it, and what that withheld. */
  function asHolder(envelope: ReferralEnvelope, document: Record<string, unknown>): { document: Record<string, unknown>; withheld: string[] } {
    if (!views) return { document, withheld: [] };
    const filtered = applyDecisions(document, holderDecisions(envelope, String(document.purpose), carriedConsents(envelope)));
    return { document: filtered.document as Record<string, unknown>, withheld: filtered.withheld.map((w) => w.pointer) };
  }

  /** What a referral changes here once accepted: the copy its recipient holds, its `received` status, the receipt's audit entry. */
  async function acceptReferral(opened: OpenedMessage<ReferralEnvelope>): Promise<Accepted> {
    const envelope = opened.payload;
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
    const rows: ReferralRows = {
      referral: {
        id: envelope.referralId, sender: envelope.from, recipient: envelope.to, holder: envelope.to, purpose: String(document.purpose),
        subject: String(document.subject), status: 'received', created: String(document.created), updated: at, document: held.document,
      },
      statusUpdate: { id: received.id, referralId: envelope.referralId, author: envelope.to, status: 'received', at, document: received },
      receiptEntry: (stored) => ({
        type: 'receipt-issued', requester: envelope.from, purpose: stored.purpose, subject: stored.subject,
        details: { referral: `referral:${stored.id}`, message: envelope.messageId, kind: 'referral', sender: envelope.from, recipient: envelope.to, digest: opened.digest, withheldOnReceipt: held.withheld.length },
      }),
    };
    return {
      kind: 'referral', envelope, digest: opened.digest, receipt: signed, at, rows,
      async apply(repos) {
        const stored = await repos.referrals.insert(rows.referral);
        await repos.statusUpdates.insert(rows.statusUpdate);
        return [rows.receiptEntry(stored)];
      },
    };
  }

  /** What a status update changes here once accepted: the referral's history (and status, when newest), the receipt's audit entry. */
  async function acceptStatusUpdate(opened: OpenedMessage<StatusEnvelope>): Promise<Accepted> {
    const envelope = opened.payload;
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
    return {
      kind: 'status-update', envelope, digest: opened.digest, receipt: signed, at,
      async apply(repos) {
        const current = (await repos.referrals.get(envelope.referralId))!;
        await applyPeerStatusUpdate(repos, current, { id: String(document.id), author: envelope.from, status: String(document.status), sequence: envelope.sequence, at: String(document.at), document }, at);
        return [{
          type: 'receipt-issued', requester: envelope.from, purpose: current.purpose, subject: current.subject,
          details: { referral: `referral:${current.id}`, message: envelope.messageId, kind: 'status-update', sender: envelope.from, recipient: envelope.to, digest: opened.digest, status: String(document.status) },
        }];
      },
    };
  }

  /**
   * What a consent withdrawal changes here: the copy its recipient holds, filtered again with the
   * consents that remain (it only loses fields), an entry naming what was removed, the receipt's.
   */
  async function acceptConsentWithdrawal(opened: OpenedMessage<ConsentWithdrawalEnvelope>): Promise<Accepted> {
    const envelope = opened.payload;
    checker.check('peer-consent-withdrawal-envelope', envelope, '');
    const consents = carriedConsents(envelope);
    if (consents.some((consent) => consent.id === envelope.consentId)) {
      throw new PeerMessageError('PEER_MESSAGE_INVALID', `consent ${envelope.consentId} is withdrawn, yet carried as one the referral still rests on`);
    }
    // Only the member that sent the referral withdraws what it rested on, and only from the copy its recipient holds here.
    const held = await store.referrals.get(envelope.referralId);
    if (!held || held.holder !== envelope.to || held.recipient !== envelope.to || held.sender !== envelope.from) {
      throw new PeerMessageError('PEER_REFERRAL_UNKNOWN', `no referral ${envelope.referralId} from ${envelope.from} is held here by ${envelope.to}`);
    }
    const narrow = (referral: StoredReferral) => (views
      ? narrowHeld(referral.document as unknown as Record<string, unknown>, holderDecisions(envelope, referral.purpose, consents))
      : { document: referral.document as unknown as Record<string, unknown>, removed: [] });
    const removed = narrow(held).removed;
    const signed = await receipt(envelope, opened.digest, removed.length ? { withheldOnReceipt: removed } : {});
    const at = now().toISOString();
    return {
      kind: 'consent-withdrawal', envelope, digest: opened.digest, receipt: signed, at,
      async apply(repos) {
        // Narrowed from the copy as this transaction reads it: another withdrawal may have narrowed it
        // first. Narrowing only removes, so that copy is within the one the receipt was signed on, and
        // every field the receipt lists is gone once this commits, here or by the other's hand.
        const current = (await repos.referrals.get(envelope.referralId)) ?? held;
        const narrowed = narrow(current);
        if (narrowed.removed.length) await repos.referrals.narrow(current.id, narrowed.document, at);
        const about = { requester: envelope.from, purpose: current.purpose, subject: current.subject };
        const referral = `referral:${current.id}`;
        const consent = `consent:${envelope.consentId}`;
        // Pointers without their leading '/': the trail's identifiers start with a letter or digit.
        const pointers = narrowed.removed.map((pointer) => pointer.slice(1)).filter(isAuditIdentifier);
        const entries: AuditEntryInput[] = [
          { type: 'referral-narrowed', ...about, details: { referral, consent, message: envelope.messageId, removed: pointers.slice(0, 1000), removedCount: narrowed.removed.length } },
          { type: 'receipt-issued', ...about, details: { referral, message: envelope.messageId, kind: 'consent-withdrawal', sender: envelope.from, recipient: envelope.to, digest: opened.digest, consent, removedFields: narrowed.removed.length } },
        ];
        return entries;
      },
    };
  }

  /**
   * The checks every message passes, in the order of spec/peer-protocol.md §3, then its kind's own.
   * A refusal is answered (and audited) here; an accepted message is stored by the caller.
   */
  async function judge(caller: Principal, jws: unknown, kind: PeerMessageKind | undefined): Promise<Judged> {
    let from: string | undefined;
    try {
      if (!kind) throw new PeerMessageError('PEER_MESSAGE_MALFORMED', `the message is not a compact JWS of type ${Object.keys(KIND_OF_TYPE).join(' or ')}`);
      const opened = await openMessage<Envelope>(jws, ENVELOPE_OF_KIND[kind], trustList);
      from = opened.payload.from;
      checkRoute(caller, opened.payload.from, opened.payload.to);
      const again = await earlier(opened.payload.messageId, opened.digest);
      if (again) return { reply: again };
      switch (opened.payload.kind) {
        case 'peer-referral-envelope': return { accepted: await acceptReferral(opened as OpenedMessage<ReferralEnvelope>) };
        case 'peer-status-envelope': return { accepted: await acceptStatusUpdate(opened as OpenedMessage<StatusEnvelope>) };
        case 'peer-consent-withdrawal-envelope': return { accepted: await acceptConsentWithdrawal(opened as OpenedMessage<ConsentWithdrawalEnvelope>) };
      }
    } catch (error) {
      return { reply: await refuse(error, from, kind ?? 'unknown') };
    }
  }

  /**
   * Records an accepted message in the caller's transaction, and returns its answer and its audit
   * entries (none when it was stored before). Its id is the idempotency key: when
   * another request stored it meanwhile, the answer is the receipt given then (or PEER_REPLAY).
   */
  async function record(accepted: Accepted, repos: Repositories): Promise<{ reply: PeerReply; entries: AuditEntryInput[] }> {
    const { envelope, digest } = accepted;
    const inserted = await repos.inbox.insert(inboxEntry(accepted));
    if (!inserted) return { reply: (await earlier(envelope.messageId, digest, repos))!, entries: [] };
    return { reply: { status: 200, body: { receipt: accepted.receipt } }, entries: await accepted.apply(repos) };
  }

  const storeAlone = (accepted: Accepted): Promise<PeerReply> =>
    store.for({ requester: accepted.envelope.from }).transaction(async (repos, tx) => {
      const { reply, entries } = await record(accepted, repos);
      for (const entry of entries) await audit?.append(tx, entry);
      return reply;
    }).catch((error: unknown) => refuse(error, accepted.envelope.from, accepted.kind));

  /**
   * Stores a batch's accepted messages in one transaction, their audit entries appended together at
   * its end (the audit chain's head taken once, and held only to the commit).
   * A replay inside the batch is refused alone; when the transaction fails as a whole (a conflict
   * with another request, a lost connection), each message is stored on its own instead, so one
   * cannot hold back or lose the others.
   */
  async function storeTogether(accepted: readonly Accepted[]): Promise<PeerReply[]> {
    if (accepted.length <= 1) return Promise.all(accepted.map(storeAlone));
    let outcomes: Array<PeerReply | PeerMessageError>;
    try {
      outcomes = await store.transactionAs(async (as, recordEntry) => {
        const repos = as({});
        // One inbox statement for the batch; an id given twice in it is recorded for its first message, the later one answered as a duplicate of it.
        const firsts = new Map<string, Accepted>();
        for (const message of accepted) if (!firsts.has(message.envelope.messageId)) firsts.set(message.envelope.messageId, message);
        const recorded = await repos.inbox.insertMany([...firsts.values()].map(inboxEntry));
        const isNew = (message: Accepted) => firsts.get(message.envelope.messageId) === message && recorded.has(message.envelope.messageId);
        const storedReferrals = await storeReferralRows(accepted.filter((message) => isNew(message) && message.rows), as);
        const done: Array<PeerReply | PeerMessageError> = [];
        for (const message of accepted) {
          const { envelope, digest } = message;
          if (!isNew(message)) {
            const outcome = await earlier(envelope.messageId, digest, repos).catch((error: unknown) => {
              // Refused after statements that did not fail (the id is taken with other content): the transaction goes on.
              if (error instanceof PeerMessageError && error.code === 'PEER_REPLAY') return error;
              throw error;
            });
            done.push(outcome!);
            continue;
          }
          const stored = storedReferrals.get(message);
          for (const entry of stored ? [message.rows!.receiptEntry(stored)] : await message.apply(as({ requester: envelope.from }))) recordEntry(entry);
          done.push({ status: 200, body: { receipt: message.receipt } });
        }
        return done;
      });
    } catch {
      return Promise.all(accepted.map(storeAlone));
    }
    return Promise.all(outcomes.map((outcome, i) => (outcome instanceof PeerMessageError ? refuse(outcome, accepted[i]!.envelope.from, accepted[i]!.kind) : outcome)));
  }

  /**
   * A batch's new referrals, one INSERT per table (per sender for the referrals, whose writes the
   * audit trail attributes to their sender, and one for their `received` status updates); the
   * status updates that arrive as messages stay with `apply`, one by one, as their ordering rules
   * read the history each one before writes.
   */
  async function storeReferralRows(messages: readonly Accepted[], as: (actor: AuditActor) => Repositories): Promise<Map<Accepted, StoredReferral>> {
    const stored = new Map<Accepted, StoredReferral>();
    const bySender = Map.groupBy(messages, (message) => message.envelope.from);
    for (const [sender, group] of bySender) {
      const referrals = await as({ requester: sender }).referrals.insertMany(group.map((message) => message.rows!.referral));
      group.forEach((message, i) => stored.set(message, referrals[i]!));
    }
    // Their `received` updates are not audited writes (each referral's entry above records it): no actor is named for them, rather than one sender for all.
    if (messages.length) await as({}).statusUpdates.insertMany(messages.map((message) => message.rows!.statusUpdate));
    return stored;
  }

  /** The kind a batch's message names in its JWS header (undefined when it names neither). */
  function kindOf(jws: unknown): PeerMessageKind | undefined {
    if (typeof jws !== 'string' || !COMPACT_JWS_HEAD.test(jws)) return undefined;
    try {
      const typ = decodeProtectedHeader(jws).typ;
      return typeof typ === 'string' ? KIND_OF_TYPE[typ] : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    async receive(kind, authorization, body) {
      let caller: Principal;
      try {
        caller = await authenticator.authenticate(authorization);
      } catch (error) {
        return refuse(error, undefined, kind);
      }
      const judged = await judge(caller, messageOf(body), kind);
      return 'reply' in judged ? judged.reply : storeAlone(judged.accepted);
    },

    async receiveBatch(authorization, body) {
      let caller: Principal;
      let messages: readonly unknown[];
      try {
        caller = await authenticator.authenticate(authorization);
        messages = batchOf(body);
      } catch (error) {
        return refuse(error, undefined, 'batch');
      }
      // Judged side by side: the signatures are verified off the main thread.
      const judged = await Promise.all(messages.map((jws) => judge(caller, jws, kindOf(jws))));
      const accepted = judged.flatMap((j) => ('accepted' in j ? [j.accepted] : []));
      const stored = new Map<Accepted, PeerReply>((await storeTogether(accepted)).map((reply, i) => [accepted[i]!, reply]));
      return { status: 200, body: { results: judged.map((j) => ('reply' in j ? j.reply : stored.get(j.accepted)!).body) } };
    },
  };
}

/** An accepted message's inbox row: its id, digest and the receipt it was given. */
function inboxEntry({ kind, envelope, digest, receipt, at }: Accepted) {
  return { messageId: envelope.messageId, kind, sender: envelope.from, recipient: envelope.to, referralId: envelope.referralId, digest, receipt, receivedAt: at };
}

/** The messages of a batch request body (`{"messages": [...]}`), at most MAX_BATCH_MESSAGES of them. */
function batchOf(body: unknown): readonly unknown[] {
  const messages = body && typeof body === 'object' && !Array.isArray(body) ? (body as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_BATCH_MESSAGES || Object.keys(body as object).some((key) => key !== 'messages')) {
    throw new PeerMessageError('PEER_BATCH_INVALID', `a batch is {"messages": [...]} with 1 to ${MAX_BATCH_MESSAGES} compact JWS messages`);
  }
  return messages;
}

const COMPACT_JWS_HEAD = /^[A-Za-z0-9_-]+\./;
