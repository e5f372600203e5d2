/**
 * What a caller may read: its referrals (filtered over what it may see of them), her case view with
 * the agencies' own systems, the disclosure preview and the federation directory.
 */
import type { Principal, TrustedMember } from '../auth/types.ts';
import { gatewayError } from '../../schema/graphql/errors.ts';
import type { AgencyRecord, GatewayOperations, MemberFilter, ReferralListFilter, SubjectCase } from '../../schema/graphql/operations.ts';
import { basisText } from '../audit/disclosure-records.ts';
import { groupAt } from '../policy/field-groups.ts';
import { mayBePseudonym } from '../policy/pseudonym.ts';
import { REASON_TEXT } from '../policy/preview.ts';
import { subjectIsMinor } from '../policy/minors.ts';
import { consentMemo, noteConnectorErrors, type AuthenticatedRequest } from '../request/context.ts';
import { userPseudonym } from '../audit/disclosures.ts';
import type { StoredConsent, StoredReferral } from '../store/index.ts';
import { sameJson, valuesAt } from './documents.ts';
import type { OperationsOptions } from './operations-options.ts';

type Reads = Pick<GatewayOperations, 'referral' | 'referrals' | 'statusHistory' | 'subjectCase' | 'subjectCases' | 'agencyRecords' | 'disclosurePreview' | 'members' | 'member'>;

export function readOperations(options: OperationsOptions): Reads {
  const { store, trustList, policy, agencies, bulk, peerCases } = options;
  const consentsFor = options.consentsFor ?? ((subject: string) => store.consents.forSubject(subject));
  const knownPointers = policy ? new Set(policy.views.plainPointers) : undefined;
  const me = (principal: Principal) => principal.member.id;

  /** Whether the caller may see anything of an agency's record; a case she may see nothing of is not shown, its decisions still recorded. */
  async function admitted(request: AuthenticatedRequest, record: AgencyRecord): Promise<boolean> {
    if (!policy) return true;
    const principal = request.principal;
    const view = await policy.views.view(principal, policy.views.connectorRecord(record), consentMemo(request));
    const seen = view.own ? undefined : policy.recorder.wholeRecords(view, { member: me(principal), purpose: principal.purpose });
    if (seen && !seen.released) {
      request.disclosures?.push(...seen.records.filter((d) => d.action === 'withhold'));
      return false;
    }
    return true;
  }
  const involved = (principal: Principal, referral: StoredReferral) => referral.sender === me(principal) || referral.recipient === me(principal);

  /** What the caller may read of a referral: its original for the sender, the engine's view for others. */
  const viewOf = async (request: AuthenticatedRequest, referral: StoredReferral) =>
    policy ? policy.views.view(request.principal, policy.views.referral(referral), consentMemo(request)) : { document: referral.document, subject: referral.subject };

  /** The stored subjects `shown` may stand for when `principal` received it (a pseudonym it was given, or itself). */
  const subjectsFor = async (principal: Principal, shown: string): Promise<string[]> => {
    if (!policy) return [shown];
    const { views } = policy;
    let real = views.subjectFor(me(principal), shown);
    // A reference that cannot be a pseudonym (her own, shown where linking is allowed) needs no search.
    if (!real && mayBePseudonym(shown)) {
      // Pseudonyms are handed out as records are read; after a restart, find it among the caller's received referrals.
      for (let before: number | undefined; ;) {
        const rows = await store.referrals.page({ member: me(principal), side: 'recipient', limit: 500, ...(before !== undefined ? { beforeSeq: before } : {}) });
        for (const r of rows) views.pseudonym(r.subject, me(principal));
        real = views.subjectFor(me(principal), shown);
        if (real || rows.length < 500) break;
        before = rows.at(-1)!.seq;
      }
    }
    return real && real !== shown ? [real, shown] : [shown];
  };

  const matches = async (request: AuthenticatedRequest, referral: StoredReferral, filter: ReferralListFilter): Promise<boolean> => {
    const view = await viewOf(request, referral);
    if (filter.subject !== undefined && view.subject !== filter.subject) return false;
    for (const c of filter.where ?? []) if (!valuesAt(view.document, c.pointer).some((v) => sameJson(v, c.equals))) return false;
    return true;
  };

  const reads: Reads = {
    async referral(request, id) {
      const principal = request.principal;
      const referral = await store.referrals.get(id);
      return referral && involved(principal, referral) ? referral : null;
    },

    async referrals(request, side, filter: ReferralListFilter, limit, afterSeq) {
      const principal = request.principal;
      for (const c of filter.where ?? []) {
        if (!/^(\/[^/]+)+$/.test(c.pointer) || (knownPointers && !knownPointers.has(c.pointer))) {
          throw gatewayError('BAD_USER_INPUT', `${JSON.stringify(c.pointer.slice(0, 80))} is not a field of the referral document (use a JSON Pointer without array indices, e.g. /sections/needs/category)`);
        }
      }
      if (side === 'received' && filter.where?.length) bulk?.check(request, { field: 'referralsReceived', attributes: filter.where.map((c) => c.pointer) });
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
          for (const r of rows) if (!postFilter || (await matches(request, r, filter))) out.push(r);
          if (!postFilter || rows.length < batch || out.length >= limit) break;
          before = rows.at(-1)!.seq;
        }
      }
      out.sort((a, b) => b.seq - a.seq);
      return out.slice(0, limit);
    },

    async statusHistory(request, referral) {
      const principal = request.principal;
      if (!involved(principal, referral)) return [];
      const updates = await store.statusUpdates.forReferral(referral.id);
      // The other party's updates are decided before they are served (the field guard serves only decided ones).
      if (policy?.documents) await policy.documents.statusUpdates(principal, policy.views.referral(referral), updates, consentMemo(request));
      return updates;
    },

    async subjectCases(request, subjects) {
      bulk?.check(request, { field: 'subjectCases', subjects: new Set(subjects).size });
      return Promise.all(subjects.map((subject) => reads.subjectCase(request, subject)));
    },

    async subjectCase(request, subject): Promise<SubjectCase> {
      const principal = request.principal;
      const referralsSent: StoredReferral[] = [];
      const referralsReceived: StoredReferral[] = [];
      const cited = new Set<string>();
      const real = new Set<string>();
      const candidates = await subjectsFor(principal, subject);
      // Her consents are read together with her referrals (one wait, not two); those of a
      // candidate that turns out not to be hers are dropped below.
      const [referralsOf, consentsOf] = await Promise.all([
        Promise.all(candidates.map((candidate) => store.referrals.forSubject(candidate, me(principal)))),
        Promise.all(candidates.map((candidate) => consentsFor(candidate))),
      ]);
      for (const rows of referralsOf) {
        for (const r of rows) {
          if (r.sender === me(principal) && r.subject === subject) referralsSent.push(r);
          else if (r.recipient === me(principal) && (await viewOf(request, r)).subject === subject) referralsReceived.push(r);
          else continue;
          real.add(r.subject);
          for (const ref of (await viewOf(request, r)).document.consentRefs as string[] | undefined ?? []) cited.add(ref);
        }
      }
      const consents: StoredConsent[] = [];
      for (const s of new Set([subject, ...real])) {
        for (const c of consentsOf[candidates.indexOf(s)]!) if ((c.recordedBy === me(principal) && c.subject === subject) || cited.has(c.id)) consents.push(c);
      }
      // The agencies know her by the stored reference, never by a pseudonym this gateway handed out.
      return { subject, referralsSent, referralsReceived, consents, references: candidates.slice(0, 1) };
    },

    async agencyRecords(request, subjectCase): Promise<AgencyRecord[]> {
      const out: AgencyRecord[] = [];
      // Her records at the gateways of the members her referrals here went to or came from, as each
      // released them to the caller; asked while this gateway's own agencies are, filtered below as
      // any agency's record.
      const reference = subjectCase.references[0];
      const counterparts = new Set([...subjectCase.referralsSent.map((r) => r.recipient), ...subjectCase.referralsReceived.map((r) => r.sender)]);
      const [views, fromPeers] = await Promise.all([
        // Loaded without awaiting in between, so that every case view of a list joins one batch.
        agencies ? Promise.all(subjectCase.references.map((reference) => agencies.gatherer.load(reference))) : [],
        peerCases && reference ? peerCases.gather(request.principal, userPseudonym(request.principal), reference, counterparts) : undefined,
      ]);
      for (const view of views) {
        noteConnectorErrors(request, view.errors);
        for (const r of view.records) {
          const member = agencies?.memberOf.get(r.connector);
          if (!member) continue;
          const record: AgencyRecord = { connector: r.connector, member, subject: r.subject, ...(r.localCaseNumber !== undefined ? { localCaseNumber: r.localCaseNumber } : {}), sections: r.sections };
          if (await admitted(request, record)) out.push(record);
        }
      }
      if (fromPeers && reference) {
        noteConnectorErrors(request, fromPeers.problems);
        for (const r of fromPeers.records) {
          const record: AgencyRecord = { connector: r.connector, member: r.member, subject: reference, sections: r.sections };
          if (await admitted(request, record)) out.push(record);
        }
      }
      return out;
    },

    async disclosurePreview(request, { subject, recipient, purpose }) {
      const principal = request.principal;
      if (!policy) throw gatewayError('BAD_USER_INPUT', 'field-level policy is off on this gateway: every party reads every field of its records');
      const target = trustList.members.get(recipient);
      if (!target) throw gatewayError('BAD_USER_INPUT', `the recipient ${recipient} is not a member of the federation`);
      // Her consent structure is hers: only a member that holds her case (a referral it sent or a consent it recorded) may preview.
      const sent = (await store.referrals.forSubject(subject, me(principal))).filter((r) => r.sender === me(principal));
      const holds = sent.length > 0 || (await store.consents.forSubject(subject)).some((c) => c.recordedBy === me(principal));
      if (!holds) throw gatewayError('NOT_FOUND', `no case of ${subject} held by ${me(principal)}`);
      // Her age as her latest referral from this member gives it: a child's clauses may need her guardian.
      const latest = sent.reduce<StoredReferral | undefined>((a, r) => (!a || r.seq > a.seq ? r : a), undefined);
      const minor = latest ? subjectIsMinor(latest.document, new Date()) : false;
      const decisions = await policy.views.decide({ recipient: target, controller: principal.member, purpose, role: 'case-worker', subject, memo: consentMemo(request), minor });
      const { model } = decisions.policy;
      const fields = model.fields
        .filter((f) => f.children.length === 0 || (decisions.fields[f.index]!.action === 'transform' && !decisions.fields[f.index]!.via))
        .map((f) => {
          const d = decisions.fields[f.index]!;
          const b = d.basis;
          const group = groupAt(model, f.pointer);
          return {
            pointer: f.pointer,
            description: f.info.description,
            ...(group ? { fieldGroup: group } : {}),
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
  };
  return reads;
}
