/**
 * What a caller may change: referrals it submits, its answer to one it received, status updates
 * and the consent records it took. Each write is validated against the spec and audited in its own
 * transaction, as made by the request's caller.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/types.ts';
import { gatewayError } from '../../schema/graphql/errors.ts';
import type { GatewayOperations } from '../../schema/graphql/operations.ts';
import { auditActorOf, type AuthenticatedRequest } from '../request/context.ts';
import { DuplicateError, type NewConsent, type Repositories, type StoredReferral } from '../store/index.ts';
import { specValidationError, type Doc } from './documents.ts';
import type { OperationsOptions } from './operations-options.ts';
import { checkReferralToService } from '../directory/referral-check.ts';
import { referrerOf } from './directory-setup.ts';
import type { ReferralToSend } from '../federation/outbound.ts';

/** The status a referral has once the sender has submitted it. */
export const INITIAL_STATUS = 'sent';
const DECISION_STATUS = { accept: 'accepted', decline: 'declined-by-provider' } as const;
/** Statuses only the recipient may set, and only the sender. */
const RECIPIENT_ONLY = new Set(['received', 'accepted', 'declined-by-provider', 'in-progress', 'on-hold', 'completed', 'failed']);
const SENDER_ONLY = new Set(['withdrawn', 'draft', 'sent']);

type Writes = Pick<GatewayOperations, 'submitReferral' | 'respondToReferral' | 'postStatusUpdate' | 'recordConsent' | 'withdrawConsent'>;

export function writeOperations(options: OperationsOptions): Writes {
  const { spec, store, trustList, validator } = options;
  const now = options.now ?? (() => new Date());
  const consentChanged = options.onConsentChange ?? (() => {});
  const schemaProperties = (kind: string): Set<string> => {
    const id = spec.documentKinds.get(kind);
    const properties = id ? (spec.byId.get(id)?.json.properties as Doc | undefined) : undefined;
    return new Set(Object.keys(properties ?? {}));
  };
  const statusUpdateProperties = schemaProperties('referral-status-update');
  const withdrawalProperties = new Set(Object.keys(((spec.byId.get(spec.documentKinds.get('consent-record') ?? '')?.json.properties as any)?.withdrawal?.properties ?? {}) as Doc));

  const validate = (kind: string, document: unknown): Doc => {
    const result = validator.validateValue(document, { kind });
    if (!result.valid) throw specValidationError(kind, result.issues);
    return document as Doc;
  };
  const me = (principal: Principal) => principal.member.id;
  const involved = (principal: Principal, referral: StoredReferral) => referral.sender === me(principal) || referral.recipient === me(principal);

  async function visibleReferral(principal: Principal, id: string): Promise<StoredReferral> {
    const referral = await store.referrals.get(id);
    if (!referral || !involved(principal, referral)) throw gatewayError('NOT_FOUND', `no referral ${id} that ${me(principal)} sent or received`);
    return referral;
  }

  const federation = options.federation;
  /** The other party of a referral, when a peer gateway hosts it: the update travels there through the outbox. */
  const remoteParty = (referral: StoredReferral, author: string) => {
    const other = author === referral.sender ? referral.recipient : referral.sender;
    return federation?.outbound.isRemote(other) ? other : undefined;
  };

  /**
   * Queues the withdrawal of consent `consentId` for the recipient of every referral whose envelope,
   * delivered or still queued, carried it; returns how many. A referral still queued is filtered
   * again at delivery, and its notice is then stopped unsent when what was delivered did not carry
   * the consent (delivery.ts): the notice waits behind the referral in the outbox, so a referral
   * already on its way when the consent was withdrawn is still told.
   */
  async function queueWithdrawalNotices(repos: Repositories, consentId: string, withdrawnAt: string): Promise<number> {
    const citing = await repos.outbox.citing(consentId);
    if (!citing.length) return 0;
    const carried = new Set(citing.flatMap((row) => row.consentIds ?? []));
    const inForce = new Set<string>();
    for (const other of carried) if (other !== consentId && (await repos.consents.get(other))?.withdrawnAt === null) inForce.add(other);
    for (const row of citing) await repos.outbox.enqueue(await federation!.outbound.withdrawalOutboxMessage(row, consentId, withdrawnAt, inForce));
    return citing.length;
  }

  /** Stores a status update and moves the referral to its status, in one transaction (with its message to a peer). */
  async function applyStatusUpdate(request: AuthenticatedRequest, referral: StoredReferral, document: Doc) {
    const at = now().toISOString();
    const author = me(request.principal);
    const status = typeof document.status === 'string' ? document.status : referral.status;
    const toPeer = remoteParty(referral, author);
    const result = await store.for(auditActorOf(request)).transaction(async (repos) => {
      const update = await repos.statusUpdates.insert({
        id: typeof document.id === 'string' ? document.id : randomUUID(),
        referralId: referral.id,
        author,
        status,
        at,
        document,
      });
      const updated = await repos.referrals.setStatus(referral.id, status, at);
      if (toPeer) await repos.outbox.enqueue(await federation!.outbound.statusOutboxMessage(referral, update));
      return { update, referral: updated! };
    });
    if (toPeer) federation!.queued();
    return result;
  }

  function checkStatusChange(principal: Principal, referral: StoredReferral, status: string) {
    if (RECIPIENT_ONLY.has(status) && referral.recipient !== me(principal)) {
      throw gatewayError('FORBIDDEN', `only the recipient (${referral.recipient}) may set the status '${status}'`);
    }
    if (SENDER_ONLY.has(status) && referral.sender !== me(principal)) {
      throw gatewayError('FORBIDDEN', `only the sender (${referral.sender}) may set the status '${status}'`);
    }
  }

  const conflictOnDuplicate = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DuplicateError) throw gatewayError('CONFLICT', error.message);
      throw error;
    }
  };

  return {
    async submitReferral(request, input) {
      const principal = request.principal;
      const document = validate('referral', input);
      if (document.sender !== me(principal)) throw gatewayError('FORBIDDEN', `a member submits only its own referrals: sender is ${String(document.sender)}, the caller is ${me(principal)}`);
      if (!trustList.members.has(String(document.recipient))) throw gatewayError('BAD_USER_INPUT', `the recipient ${String(document.recipient)} is not a member of the federation`);
      if (options.directory && typeof document.recipientService === 'string') {
        checkReferralToService(options.directory, { serviceId: document.recipientService, recipient: String(document.recipient), purpose: String(document.purpose), sender: referrerOf(trustList, me(principal))! });
      }
      const at = now().toISOString();
      const referral = {
        id: String(document.id),
        sender: String(document.sender),
        recipient: String(document.recipient),
        purpose: String(document.purpose),
        subject: String(document.subject),
        status: INITIAL_STATUS,
        created: String(document.created),
        updated: at,
        document,
      };
      if (!federation?.outbound.isRemote(referral.recipient)) return conflictOnDuplicate(() => store.for(auditActorOf(request)).referrals.insert(referral));
      // For a peer's member: filtered for the recipient and signed now, queued with the referral and its audit entry.
      const message = await federation.outbound.referralOutboxMessage(referral as unknown as ReferralToSend);
      const stored = await conflictOnDuplicate(() => store.for(auditActorOf(request)).transaction(async (repos) => {
        const inserted = await repos.referrals.insert(referral);
        await repos.outbox.enqueue(message);
        return inserted;
      }));
      federation.queued();
      return stored;
    },

    async respondToReferral(request, { id, decision, reasons, note }) {
      const principal = request.principal;
      const referral = await visibleReferral(principal, id);
      const status = DECISION_STATUS[decision];
      checkStatusChange(principal, referral, status);
      const history = await store.statusUpdates.forReferral(referral.id);
      const candidate: Doc = {
        kind: 'referral-status-update',
        specVersion: spec.version,
        id: randomUUID(),
        referralId: referral.id,
        sequence: history.length + 1,
        status,
        previousStatus: referral.status,
        ...(reasons.length ? { reasons } : {}),
        ...(note ? { reasonText: note } : {}),
        from: me(principal),
        fromUser: principal.user,
        to: referral.sender,
        at: now().toISOString(),
      };
      // Only what the published schema has: the gateway never adds fields of its own to a document.
      const document = validate('referral-status-update', Object.fromEntries(Object.entries(candidate).filter(([k]) => statusUpdateProperties.has(k))));
      return (await conflictOnDuplicate(() => applyStatusUpdate(request, referral, document))).referral;
    },

    async postStatusUpdate(request, referralId, input) {
      const principal = request.principal;
      const referral = await visibleReferral(principal, referralId);
      const document = validate('referral-status-update', input);
      if (document.referralId !== undefined && document.referralId !== referral.id) {
        throw gatewayError('BAD_USER_INPUT', `the update names referral ${String(document.referralId)}, not ${referral.id}`);
      }
      if (document.from !== undefined && document.from !== me(principal)) throw gatewayError('FORBIDDEN', `an update is posted by the member it comes from (${String(document.from)}), not ${me(principal)}`);
      if (typeof document.status === 'string') checkStatusChange(principal, referral, document.status);
      if (typeof document.sequence === 'number') {
        const expected = (await store.statusUpdates.forReferral(referral.id)).length + 1;
        if (document.sequence !== expected) throw gatewayError('CONFLICT', `the update's sequence is ${document.sequence}; the next one for this referral is ${expected}`, { expectedSequence: expected });
      }
      return (await conflictOnDuplicate(() => applyStatusUpdate(request, referral, document))).update;
    },

    async recordConsent(request, input) {
      const principal = request.principal;
      const document = validate('consent-record', input);
      const recorder = (document.recordedBy as Doc | undefined)?.member;
      if (recorder !== undefined && recorder !== me(principal)) throw gatewayError('FORBIDDEN', `a member records only the consents it took: recordedBy is ${String(recorder)}, the caller is ${me(principal)}`);
      const consent: NewConsent = {
        id: typeof document.id === 'string' ? document.id : randomUUID(),
        subject: String(document.subject),
        recordedBy: me(principal),
        recorded: now().toISOString(),
        withdrawnAt: document.state === 'withdrawn' ? String((document.withdrawal as Doc | undefined)?.at ?? now().toISOString()) : null,
        document,
      };
      const stored = await conflictOnDuplicate(() => store.for(auditActorOf(request)).consents.insert(consent));
      await consentChanged(stored.subject);
      return stored;
    },

    async withdrawConsent(request, id, at) {
      const principal = request.principal;
      const consent = await store.consents.get(id);
      if (!consent || consent.recordedBy !== me(principal)) throw gatewayError('NOT_FOUND', `no consent record ${id} recorded by ${me(principal)}`);
      if (consent.withdrawnAt) throw gatewayError('CONFLICT', `consent record ${id} was already withdrawn at ${consent.withdrawnAt}`);
      const when = at ?? now().toISOString();
      const grantor = (consent.document.grantor as Doc | undefined)?.type;
      const withdrawal: Doc = {
        at: when,
        // The one who gave the consent is the one who takes it back, unless recorded otherwise later.
        ...(typeof grantor === 'string' ? { by: grantor } : {}),
        recordedBy: { member: me(principal), user: principal.user },
      };
      const document = validate('consent-record', {
        ...consent.document,
        ...(consent.document.state !== undefined || schemaProperties('consent-record').has('state') ? { state: 'withdrawn' } : {}),
        ...(schemaProperties('consent-record').has('withdrawal') ? { withdrawal: Object.fromEntries(Object.entries(withdrawal).filter(([k]) => withdrawalProperties.has(k))) } : {}),
      });
      let told = 0;
      const withdrawn = await store.for(auditActorOf(request)).transaction(async (repos) => {
        const stored = (await repos.consents.withdraw(id, when, document))!;
        // Her referrals that carried it to a peer's member: each recipient is told, in this transaction (spec/peer-protocol.md §10).
        if (federation) told = await queueWithdrawalNotices(repos, id, when);
        return stored;
      });
      if (told) federation!.queued();
      await consentChanged(withdrawn.subject);
      return withdrawn;
    },
  };
}
