/**
 * The gateway's referral workflow behind the GraphQL API: who may see and do what, validation
 * against the spec, and the status updates that feed every change back to the sender.
 */
import { randomUUID } from 'node:crypto';
import type { Principal, TrustList, TrustedMember } from '../auth/types.ts';
import type { Validator, ValidationIssue } from '../../lib/validator/index.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { gatewayError } from '../../schema/graphql/errors.ts';
import type { AgencyRecord, ConnectorErrorReport, GatewayOperations, MemberFilter, ReferralListFilter, SubjectCase } from '../../schema/graphql/operations.ts';
import type { CaseGatherer, GatherError } from '../../connectors/fanout.ts';
import { DuplicateError, type Store, type StoredConsent, type StoredReferral } from '../store/index.ts';
import { basisText, type DisclosureGuard } from '../policy/guard.ts';
import { REASON_TEXT } from '../policy/preview.ts';
import { currentRequest, type RequestState } from './request-context.ts';

export interface OperationsOptions {
  spec: Spec;
  store: Store;
  trustList: TrustList;
  validator: Validator;
  now?: () => Date;
  /** Field-level policy; without it every party reads every field of its records (enforcement off). */
  guard?: DisclosureGuard;
  /** Called after a consent record changes, so that a cache drops her records. */
  onConsentChange?: (subject: string) => void;
  /** The agencies' own systems: the fan-out over the connectors and the member each connector belongs to. */
  agencies?: { gatherer: CaseGatherer; memberOf: ReadonlyMap<string, string> };
}

/** Connector problems met while answering each request, one per connector and code. */
const connectorProblems = new WeakMap<RequestState, Map<string, ConnectorErrorReport>>();

function noteConnectorErrors(state: RequestState | undefined, errors: readonly GatherError[]): void {
  if (!state || errors.length === 0) return;
  let seen = connectorProblems.get(state);
  if (!seen) connectorProblems.set(state, (seen = new Map()));
  // Only the connector, the code and its message (which never quotes a record): which subject or
  // record it was about stays out of the response.
  for (const e of errors) if (!seen.has(`${e.connector}\u0000${e.code}`)) seen.set(`${e.connector}\u0000${e.code}`, { connector: e.connector, code: e.code, message: e.message });
}

/** What the response reports under `extensions.nrx.connectorErrors`, when a connector could not answer in full. */
export function connectorErrorsOf(state: RequestState): ConnectorErrorReport[] | undefined {
  const seen = connectorProblems.get(state);
  return seen?.size ? [...seen.values()] : undefined;
}

/**
 * Her consent records by subject, remembered in this process. Only for the embedded database (this
 * process is its only writer): recordConsent and withdrawConsent drop her entry, so a withdrawal
 * takes effect on the next request.
 */
export function consentCache(store: Store, capacity = 10_000) {
  const cache = new Map<string, Promise<StoredConsent[]>>();
  return {
    consentsFor(subject: string): Promise<StoredConsent[]> {
      let hit = cache.get(subject);
      if (!hit) {
        hit = store.consents.forSubject(subject);
        hit.catch(() => cache.delete(subject));
        cache.set(subject, hit);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return hit;
    },
    forget(subject: string) {
      cache.delete(subject);
    },
  };
}

/** Values at a JSON Pointer whose array items are entered without an index. */
function valuesAt(document: unknown, pointer: string): unknown[] {
  let current: unknown[] = [document];
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (item !== null && typeof item === 'object' && !Array.isArray(item) && key in item) next.push((item as Doc)[key]);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

type Doc = Record<string, unknown>;

/** The status a referral has once the sender has submitted it. */
export const INITIAL_STATUS = 'sent';
const DECISION_STATUS = { accept: 'accepted', decline: 'declined-by-provider' } as const;
/** Statuses only the recipient may set, and only the sender. */
const RECIPIENT_ONLY = new Set(['received', 'accepted', 'declined-by-provider', 'in-progress', 'on-hold', 'completed', 'failed']);
const SENDER_ONLY = new Set(['withdrawn', 'draft', 'sent']);

export function specValidationError(kind: string, issues: ValidationIssue[]) {
  const first = issues[0];
  const summary = first ? `${first.pointer || '/'}: ${first.message}` : 'invalid';
  return gatewayError('SPEC_VALIDATION', `the ${kind} document does not follow the spec (${issues.length} issue${issues.length === 1 ? '' : 's'}; first: ${summary})`, {
    kind,
    issues: issues.map(({ pointer, line, column, keyword, message, expected, found, suggestion }) => ({
      pointer,
      keyword,
      message,
      ...(line !== undefined ? { line, column } : {}),
      ...(expected !== undefined ? { expected } : {}),
      ...(found !== undefined ? { found } : {}),
      ...(suggestion !== undefined ? { suggestion } : {}),
    })),
  });
}

export function createOperations(options: OperationsOptions): GatewayOperations {
  const { spec, store, trustList, validator, guard, agencies } = options;
  const now = options.now ?? (() => new Date());
  const consentChanged = options.onConsentChange ?? (() => {});
  const knownPointers = guard ? new Set(guard.plainPointers) : undefined;

  /** What the caller may read of a referral: its original for the sender, the engine's view for others. */
  const viewOf = async (principal: Principal, referral: StoredReferral) =>
    guard ? guard.referralView(principal, referral, currentRequest()) : { document: referral.document, subject: referral.subject };

  /** The stored subjects `shown` may stand for when `principal` received it (a pseudonym it was given, or itself). */
  const subjectsFor = async (principal: Principal, shown: string): Promise<string[]> => {
    if (!guard) return [shown];
    let real = guard.subjectFor(me(principal), shown);
    if (!real) {
      // Pseudonyms are handed out as records are read; after a restart, find it among the caller's received referrals.
      for (let before: number | undefined; ;) {
        const rows = await store.referrals.page({ member: me(principal), side: 'recipient', limit: 500, ...(before !== undefined ? { beforeSeq: before } : {}) });
        for (const r of rows) guard.pseudonym(r.subject, me(principal));
        real = guard.subjectFor(me(principal), shown);
        if (real || rows.length < 500) break;
        before = rows.at(-1)!.seq;
      }
    }
    return real && real !== shown ? [real, shown] : [shown];
  };

  const matches = async (principal: Principal, referral: StoredReferral, filter: ReferralListFilter): Promise<boolean> => {
    const view = await viewOf(principal, referral);
    if (filter.subject !== undefined && view.subject !== filter.subject) return false;
    for (const c of filter.where ?? []) if (!valuesAt(view.document, c.pointer).some((v) => sameJson(v, c.equals))) return false;
    return true;
  };
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

  /** Stores a status update and moves the referral to its status, in one transaction. */
  async function applyStatusUpdate(referral: StoredReferral, author: string, document: Doc) {
    const at = now().toISOString();
    const status = typeof document.status === 'string' ? document.status : referral.status;
    return store.transaction(async (repos) => {
      const update = await repos.statusUpdates.insert({
        id: typeof document.id === 'string' ? document.id : randomUUID(),
        referralId: referral.id,
        author,
        status,
        at,
        document,
      });
      const updated = await repos.referrals.setStatus(referral.id, status, at);
      return { update, referral: updated! };
    });
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
    async referral(principal, id) {
      const referral = await store.referrals.get(id);
      return referral && involved(principal, referral) ? referral : null;
    },

    async referrals(principal, side, filter: ReferralListFilter, limit, afterSeq) {
      for (const c of filter.where ?? []) {
        if (!/^(\/[^/]+)+$/.test(c.pointer) || (knownPointers && !knownPointers.has(c.pointer))) {
          throw gatewayError('BAD_USER_INPUT', `${JSON.stringify(c.pointer.slice(0, 80))} is not a field of the referral document (use a JSON Pointer without array indices, e.g. /sections/needs/category)`);
        }
      }
      const { where, subject, ...sql } = filter;
      // A recipient knows her by the pseudonym it was given: the stored subject is looked up, and the
      // match is made on what the caller sees, so a guessed stored reference matches nothing.
      const subjects = subject === undefined ? [undefined] : side === 'sent' ? [subject] : await subjectsFor(principal, subject);
      const postFilter = where !== undefined || (subject !== undefined && side === 'received');
      const out: StoredReferral[] = [];
      for (const candidate of subjects) {
        let before = afterSeq;
        for (;;) {
          const batch = postFilter ? Math.max(limit, 50) : limit;
          const rows = await store.referrals.page({
            member: me(principal), side: side === 'sent' ? 'sender' : 'recipient', limit: batch,
            filter: { ...sql, ...(candidate !== undefined ? { subject: candidate } : {}) }, ...(before !== undefined ? { beforeSeq: before } : {}),
          });
          for (const r of rows) if (!postFilter || (await matches(principal, r, filter))) out.push(r);
          if (!postFilter || rows.length < batch || out.length >= limit) break;
          before = rows.at(-1)!.seq;
        }
      }
      out.sort((a, b) => b.seq - a.seq);
      return out.slice(0, limit);
    },

    async statusHistory(principal, referral) {
      if (!involved(principal, referral)) return [];
      return store.statusUpdates.forReferral(referral.id);
    },

    async subjectCase(principal, subject): Promise<SubjectCase> {
      const referralsSent: StoredReferral[] = [];
      const referralsReceived: StoredReferral[] = [];
      const cited = new Set<string>();
      const real = new Set<string>();
      const candidates = await subjectsFor(principal, subject);
      for (const candidate of candidates) {
        for (const r of await store.referrals.forSubject(candidate, me(principal))) {
          if (r.sender === me(principal) && r.subject === subject) referralsSent.push(r);
          else if (r.recipient === me(principal) && (await viewOf(principal, r)).subject === subject) referralsReceived.push(r);
          else continue;
          real.add(r.subject);
          for (const ref of (await viewOf(principal, r)).document.consentRefs as string[] | undefined ?? []) cited.add(ref);
        }
      }
      const consents: StoredConsent[] = [];
      for (const s of new Set([subject, ...real])) {
        for (const c of await store.consents.forSubject(s)) if ((c.recordedBy === me(principal) && c.subject === subject) || cited.has(c.id)) consents.push(c);
      }
      // The agencies know her by the stored reference, never by a pseudonym this gateway handed out.
      return { subject, referralsSent, referralsReceived, consents, references: candidates.slice(0, 1) };
    },

    async agencyRecords(principal, subjectCase): Promise<AgencyRecord[]> {
      if (!agencies) return [];
      const state = currentRequest();
      // Loaded without awaiting in between, so that every case view of a list joins one batch.
      const views = await Promise.all(subjectCase.references.map((reference) => agencies.gatherer.load(reference)));
      const out: AgencyRecord[] = [];
      for (const view of views) {
        noteConnectorErrors(state, view.errors);
        for (const r of view.records) {
          const member = agencies.memberOf.get(r.connector);
          if (!member) continue;
          const record: AgencyRecord = { connector: r.connector, member, subject: r.subject, ...(r.localCaseNumber !== undefined ? { localCaseNumber: r.localCaseNumber } : {}), sections: r.sections };
          if (guard) {
            const seen = await guard.agencyView(principal, record, state);
            // A case the caller may read nothing of is not shown at all (its existence is hers too); the trail still records the decision.
            if (!seen.released) {
              state?.disclosures?.push(...seen.disclosures.filter((d) => d.action === 'withhold'));
              continue;
            }
          }
          out.push(record);
        }
      }
      return out;
    },

    async disclosurePreview(principal, { subject, recipient, purpose }) {
      if (!guard) throw gatewayError('BAD_USER_INPUT', 'field-level policy is off on this gateway: every party reads every field of its records');
      const target = trustList.members.get(recipient);
      if (!target) throw gatewayError('BAD_USER_INPUT', `the recipient ${recipient} is not a member of the federation`);
      // Her consent structure is hers: only a member that holds her case (a referral it sent or a consent it recorded) may preview.
      const holds = (await store.referrals.forSubject(subject, me(principal))).some((r) => r.sender === me(principal))
        || (await store.consents.forSubject(subject)).some((c) => c.recordedBy === me(principal));
      if (!holds) throw gatewayError('NOT_FOUND', `no case of ${subject} held by ${me(principal)}`);
      const decisions = await guard.decide({ recipient: target, controller: principal.member, purpose, role: 'case-worker', subject, scratchKey: currentRequest() ?? {} });
      const { model } = decisions.policy;
      const fields = model.fields
        .filter((f) => f.children.length === 0 || (decisions.fields[f.index]!.action === 'transform' && !decisions.fields[f.index]!.via))
        .map((f) => {
          const d = decisions.fields[f.index]!;
          const b = d.basis;
          return {
            pointer: f.pointer,
            description: f.info.description,
            decision: d.action,
            ...(d.transform ? { transform: d.via ? `${d.transform} (of ${d.via})` : d.transform } : {}),
            ...(b?.consent ? { consent: `${b.consent.id}#${b.consent.provision}` } : {}),
            ...(b?.agreement ? { agreement: basisText({ agreement: b.agreement })!.slice('agreement:'.length) } : {}),
            ...(b?.legalBasis ? { legalBasis: b.legalBasis } : {}),
            ...(d.reason ? { reason: d.reason, explanation: REASON_TEXT[d.reason] } : {}),
          };
        });
      return { subject, recipient, purpose, crossBorder: decisions.request.crossBorder, overrides: decisions.flags.map((f) => f.legalBasis), fields };
    },

    members(filter: MemberFilter): TrustedMember[] {
      return [...trustList.members.values()].filter(
        (m) =>
          (filter.country === undefined || m.country === filter.country) &&
          (filter.memberClass === undefined || m.memberClass === filter.memberClass) &&
          (filter.agencyType === undefined || m.agencyType === filter.agencyType),
      );
    },

    member(id) {
      return trustList.members.get(id) ?? null;
    },

    async submitReferral(principal, input) {
      const document = validate('referral', input);
      if (document.sender !== me(principal)) throw gatewayError('FORBIDDEN', `a member submits only its own referrals: sender is ${String(document.sender)}, the caller is ${me(principal)}`);
      if (!trustList.members.has(String(document.recipient))) throw gatewayError('BAD_USER_INPUT', `the recipient ${String(document.recipient)} is not a member of the federation`);
      const at = now().toISOString();
      return conflictOnDuplicate(() =>
        store.referrals.insert({
          id: String(document.id),
          sender: String(document.sender),
          recipient: String(document.recipient),
          purpose: String(document.purpose),
          subject: String(document.subject),
          status: INITIAL_STATUS,
          created: String(document.created),
          updated: at,
          document,
        }),
      );
    },

    async respondToReferral(principal, { id, decision, reasons, note }) {
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
      return (await conflictOnDuplicate(() => applyStatusUpdate(referral, me(principal), document))).referral;
    },

    async postStatusUpdate(principal, referralId, input) {
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
      return (await conflictOnDuplicate(() => applyStatusUpdate(referral, me(principal), document))).update;
    },

    async recordConsent(principal, input) {
      const document = validate('consent-record', input);
      const recorder = (document.recordedBy as Doc | undefined)?.member;
      if (recorder !== undefined && recorder !== me(principal)) throw gatewayError('FORBIDDEN', `a member records only the consents it took: recordedBy is ${String(recorder)}, the caller is ${me(principal)}`);
      const consent: StoredConsent = {
        id: typeof document.id === 'string' ? document.id : randomUUID(),
        subject: String(document.subject),
        recordedBy: me(principal),
        recorded: now().toISOString(),
        withdrawnAt: document.state === 'withdrawn' ? String((document.withdrawal as Doc | undefined)?.at ?? now().toISOString()) : null,
        document,
      };
      const stored = await conflictOnDuplicate(() => store.consents.insert(consent));
      consentChanged(stored.subject);
      return stored;
    },

    async withdrawConsent(principal, id, at) {
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
      const withdrawn = (await store.consents.withdraw(id, when, document))!;
      consentChanged(withdrawn.subject);
      return withdrawn;
    },
  };
}
