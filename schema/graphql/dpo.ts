/**
 * The data-protection officer's view of the audit trail over GraphQL: disclosures by subject,
 * recipient, field group, purpose and time; the disclosure matrix; overrides awaiting review and
 * their review; the consent registry; the agreements in force at a time; the subject access report.
 * Only the `dpo` role of this gateway's own member may use any of it.
 */
import type { JWK } from 'jose';
import type { AuditEntry } from '../../gateway/audit/entry.ts';
import type { TransactionalAppender } from '../../gateway/audit/appender.ts';
import { disclosureMatrix, disclosures, overridesAwaitingReview, reviewOverride, ReviewError, type OverrideReview } from '../../gateway/audit/queries.ts';
import { entriesForSubject } from '../../gateway/audit/queries.ts';
import { userPseudonym } from '../../gateway/audit/disclosures.ts';
import type { Principal } from '../../gateway/auth/types.ts';
import type { DataSharingAgreement } from '../../gateway/policy/types.ts';
import { languages, resolveLanguage } from '../../gateway/reports/messages.ts';
import { renderSubjectAccessReport, subjectAccessView, type ReportDisclosure, type SubjectAccessInput, type SubjectAccessView } from '../../gateway/reports/subject-access.ts';
import type { Db } from '../../gateway/store/db.ts';
import { iso, isoOrNull } from '../../gateway/store/rows.ts';
import type { Builder } from './builder.ts';
import { gatewayError } from './errors.ts';

export interface DpoOptions {
  db: Db;
  log: TransactionalAppender;
  /** This gateway's member: only its officers may ask. */
  gatewayId: string;
  /** The agreements the gateway loaded from its configuration. */
  agreements: () => readonly DataSharingAgreement[];
  memberName?: (id: string) => string | undefined;
  /** The gateway's public keys: its checkpoints' signatures are checked with them (schema/graphql/audit-integrity.ts). */
  keys?: JWK[];
  /** Renders the subject access report off the event loop (the gateway's work pool); inline when absent. */
  renderReport?: (input: SubjectAccessInput) => Promise<string>;
}

export function officer(ctx: { principal?: Principal }, gatewayId: string): Principal {
  const p = ctx.principal;
  if (!p || p.role !== 'dpo' || p.member.id !== gatewayId) {
    throw gatewayError('FORBIDDEN', `only the data-protection officer (role dpo) of ${gatewayId} may read the audit trail`);
  }
  return p;
}

function instant(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw gatewayError('BAD_USER_INPUT', `${name} must be an RFC 3339 date or date-time`);
  return new Date(ms).toISOString();
}

/** Whether an agreement's valid period covers `at` (the end date is inclusive). */
export function inForce(agreement: DataSharingAgreement, at: Date): boolean {
  const start = Date.parse(agreement.validPeriod.start);
  const end = agreement.validPeriod.end ? Date.parse(agreement.validPeriod.end) + (agreement.validPeriod.end.length <= 10 ? 86_400_000 : 0) : Infinity;
  return start <= at.getTime() && at.getTime() < end;
}

export function addDpoSchema(builder: Builder, options: DpoOptions | undefined): void {
  if (!options) return;
  const { db, log, gatewayId } = options;
  const b = builder as any;

  const AuditFieldRecord = b.objectRef('AuditFieldRecord').implement({
    description: 'One field path and what the policy did with it: never its value.',
    fields: (t: any) => ({
      path: t.exposeString('path', { nullable: false }),
      decision: t.exposeString('decision', { nullable: false, description: 'released, transformed or withheld.' }),
      basis: t.exposeString('basis', { description: 'The consent provision, agreement clause or legal basis.' }),
      fieldGroup: t.string({ resolve: (f: { group?: string }) => f.group ?? null }),
      reason: t.exposeString('reason', { description: 'Why it was withheld (policy reason code).' }),
      transform: t.exposeString('transform'),
    }),
  });

  const AuditRecord = b.objectRef('AuditRecord').implement({
    description: 'An entry of the tamper-evident audit trail.',
    fields: (t: any) => ({
      seq: t.int({ nullable: false, resolve: (e: AuditEntry) => e.id }),
      at: t.exposeString('at', { nullable: false }),
      type: t.exposeString('type', { nullable: false }),
      requester: t.exposeString('requester'),
      recipient: t.string({ resolve: (e: AuditEntry) => (typeof e.details?.recipient === 'string' ? e.details.recipient : (e.requester ?? null)) }),
      user: t.exposeString('user', { description: 'The staff member, as a pseudonym.' }),
      purpose: t.exposeString('purpose'),
      subject: t.exposeString('subject', { description: 'Her pseudonymous reference.' }),
      operationHash: t.exposeString('operationHash'),
      payloadHash: t.exposeString('payloadHash'),
      fields: t.field({ type: [AuditFieldRecord], nullable: false, resolve: (e: AuditEntry) => e.fields ?? [] }),
      fieldSet: t.exposeString('fieldSet', {
        description: 'SHA-256 (hex) of the canonical JSON of `fields`: the list is stored once under it and the hash chain covers it. Absent on entries written before lists were stored apart.',
      }),
      details: t.field({ type: 'JSON', resolve: (e: AuditEntry) => e.details ?? null }),
    }),
  });

  const MatrixCell = b.objectRef('DisclosureMatrixCell').implement({
    description: 'How many field decisions a recipient received for one field group.',
    fields: (t: any) => ({
      recipient: t.exposeString('recipient', { nullable: false }),
      fieldGroup: t.exposeString('fieldGroup', { nullable: false }),
      released: t.exposeInt('released', { nullable: false }),
      transformed: t.exposeInt('transformed', { nullable: false }),
      withheld: t.exposeInt('withheld', { nullable: false }),
    }),
  });

  const Review = b.objectRef('OverrideReview').implement({
    description: "An officer's review of an override, itself recorded in the audit trail.",
    fields: (t: any) => ({
      entrySeq: t.exposeInt('entrySeq', { nullable: false }),
      reviewedBy: t.exposeString('reviewedBy', { nullable: false }),
      reviewedAt: t.exposeString('reviewedAt', { nullable: false }),
      note: t.exposeString('note', { nullable: false }),
      reviewSeq: t.exposeInt('reviewSeq', { nullable: false, description: 'The audit entry that records the review.' }),
    }),
  });

  interface ConsentRow { id: string; subject: string; recordedBy: string; recorded: string; withdrawnAt: string | null; state: string | null; decision: string | null }
  const RegisteredConsent = b.objectRef('RegisteredConsent').implement({
    description: 'A consent record in the registry.',
    fields: (t: any) => ({
      id: t.exposeID('id', { nullable: false }),
      subject: t.exposeString('subject', { nullable: false }),
      recordedBy: t.exposeString('recordedBy', { nullable: false }),
      recorded: t.exposeString('recorded', { nullable: false }),
      withdrawnAt: t.exposeString('withdrawnAt'),
      state: t.exposeString('state'),
      decision: t.exposeString('decision'),
    }),
  });

  const AgreementInForce = b.objectRef('AgreementInForce').implement({
    description: 'A data-sharing agreement the gateway enforces, with its validity.',
    fields: (t: any) => ({
      id: t.exposeString('id', { nullable: false }),
      version: t.exposeString('version', { nullable: false }),
      title: t.exposeString('title', { nullable: false }),
      validFrom: t.string({ nullable: false, resolve: (a: DataSharingAgreement) => a.validPeriod.start }),
      validTo: t.string({ resolve: (a: DataSharingAgreement) => a.validPeriod.end ?? null }),
      parties: t.field({ type: 'JSON', nullable: false, resolve: (a: DataSharingAgreement) => a.parties }),
      clauses: t.stringList({ nullable: false, resolve: (a: DataSharingAgreement) => a.clauses.map((c) => c.id) }),
    }),
  });

  const ReportItem = b.objectRef('SubjectAccessItem').implement({
    description: 'A kind of information shared, in her words.',
    fields: (t: any) => ({
      label: t.exposeString('label', { nullable: false }),
      reduced: t.exposeBoolean('reduced', { nullable: false, description: 'Shared only in a reduced form (an age range instead of a date of birth).' }),
    }),
  });
  const ReportDisclosure = b.objectRef('SubjectAccessDisclosure').implement({
    description: 'One time information about her went to an organisation, in her words.',
    fields: (t: any) => ({
      heading: t.exposeString('heading', { nullable: false }),
      when: t.exposeString('when', { nullable: false }),
      purpose: t.exposeString('purpose', { nullable: false }),
      why: t.exposeString('why', { nullable: false }),
      shared: t.field({ type: [ReportItem], nullable: false, resolve: (d: ReportDisclosure) => d.shared }),
      withheld: t.exposeStringList('withheld', { nullable: false }),
    }),
  });
  const ReportEvent = b.objectRef('SubjectAccessEvent').implement({
    fields: (t: any) => ({ when: t.exposeString('when', { nullable: false }), text: t.exposeString('text', { nullable: false }) }),
  });
  const ReportLabels = b.objectRef('SubjectAccessLabels').implement({
    fields: (t: any) => ({
      when: t.exposeString('when', { nullable: false }), purpose: t.exposeString('purpose', { nullable: false }), why: t.exposeString('why', { nullable: false }),
      withheld: t.exposeString('withheld', { nullable: false }), reduced: t.exposeString('reduced', { nullable: false }),
    }),
  });
  const ReportView = b.objectRef('SubjectAccessView').implement({
    description: 'The subject access report with every word in her language: the same words as the printable page, for the console to show.',
    fields: (t: any) => ({
      lang: t.exposeString('lang', { nullable: false }),
      dir: t.exposeString('dir', { nullable: false, description: 'ltr or rtl.' }),
      title: t.exposeString('title', { nullable: false }),
      intro: t.exposeString('intro', { nullable: false }),
      nothing: t.exposeString('nothing', { nullable: false }),
      disclosures: t.field({ type: [ReportDisclosure], nullable: false, resolve: (v: SubjectAccessView) => v.disclosures }),
      eventsHeading: t.exposeString('eventsHeading', { nullable: false }),
      events: t.field({ type: [ReportEvent], nullable: false, resolve: (v: SubjectAccessView) => v.events }),
      footer: t.exposeString('footer', { nullable: false }),
      labels: t.field({ type: ReportLabels, nullable: false, resolve: (v: SubjectAccessView) => v.labels }),
    }),
  });

  /** The language a caller asked for, or a clear refusal naming those there are. */
  const language = (requested: unknown): string => {
    const lang = resolveLanguage(requested);
    if (!lang) throw gatewayError('BAD_USER_INPUT', `lang must be one of ${languages().join(', ')}`);
    return lang;
  };

  b.queryFields((t: any) => ({
    auditDisclosures: t.field({
      type: [AuditRecord],
      nullable: false,
      description: 'Disclosure decisions (and overrides), newest first; every given condition must hold. Data-protection officer only.',
      args: {
        subject: t.arg.string(), recipient: t.arg.string(), fieldGroup: t.arg({ type: 'FieldGroup' }), purpose: t.arg({ type: 'Purpose' }),
        from: t.arg.string({ description: 'At or after (RFC 3339).' }), to: t.arg.string({ description: 'Before (RFC 3339).' }),
        limit: t.arg.int({ description: 'At most 1000; 100 when omitted.' }),
      },
      resolve: (_r: unknown, a: any, ctx: any) => {
        officer(ctx, gatewayId);
        const from = instant(a.from, 'from');
        const to = instant(a.to, 'to');
        return disclosures(db, {
          ...(a.subject ? { subject: a.subject } : {}), ...(a.recipient ? { recipient: a.recipient } : {}), ...(a.fieldGroup ? { fieldGroup: a.fieldGroup } : {}),
          ...(a.purpose ? { purpose: a.purpose } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(a.limit != null ? { limit: a.limit } : {}),
        });
      },
    }),
    auditDisclosureMatrix: t.field({
      type: [MatrixCell],
      nullable: false,
      description: 'Recipients by field group, with counts of released, transformed and withheld fields. Data-protection officer only.',
      args: { from: t.arg.string(), to: t.arg.string() },
      resolve: (_r: unknown, a: any, ctx: any) => {
        officer(ctx, gatewayId);
        const from = instant(a.from, 'from');
        const to = instant(a.to, 'to');
        return disclosureMatrix(db, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      },
    }),
    auditOverridesAwaitingReview: t.field({
      type: [AuditRecord],
      nullable: false,
      description: 'Disclosures on a legal basis other than her consent that no officer has reviewed yet, oldest first.',
      args: { limit: t.arg.int() },
      resolve: (_r: unknown, a: any, ctx: any) => (officer(ctx, gatewayId), overridesAwaitingReview(db, a.limit ?? 100)),
    }),
    consentRegistry: t.field({
      type: [RegisteredConsent],
      nullable: false,
      description: 'Every consent record the gateway holds, newest first. Data-protection officer only.',
      args: { subject: t.arg.string(), withdrawn: t.arg.boolean(), limit: t.arg.int() },
      resolve: async (_r: unknown, a: any, ctx: any): Promise<ConsentRow[]> => {
        officer(ctx, gatewayId);
        const { rows } = await db.query<Record<string, unknown>>(
          `SELECT id, subject, recorded_by, recorded, withdrawn_at, document ->> 'state' AS state, document ->> 'decision' AS decision FROM consent_records
            WHERE ($1::text IS NULL OR subject = $1) AND ($2::boolean IS NULL OR (withdrawn_at IS NOT NULL) = $2) ORDER BY seq DESC LIMIT $3`,
          [a.subject ?? null, a.withdrawn ?? null, Math.min(a.limit ?? 100, 1000)],
        );
        return rows.map((r) => ({ id: String(r.id), subject: String(r.subject), recordedBy: String(r.recorded_by), recorded: iso(r.recorded), withdrawnAt: isoOrNull(r.withdrawn_at), state: (r.state as string) ?? null, decision: (r.decision as string) ?? null }));
      },
    }),
    agreementsInForce: t.field({
      type: [AgreementInForce],
      nullable: false,
      description: 'The data-sharing agreements this gateway enforces that were in force at the given time (now when omitted).',
      args: { at: t.arg.string() },
      resolve: (_r: unknown, a: any, ctx: any) => {
        officer(ctx, gatewayId);
        const at = new Date(instant(a.at, 'at') ?? Date.now());
        return options.agreements().filter((agreement) => inForce(agreement, at));
      },
    }),
    subjectAccessReport: t.string({
      nullable: false,
      description: 'For one person: what was shared with whom, when and why, in plain language, as printable HTML, in any language `messageLanguages` lists (`lang`: its tag, or an alias such as `sr`).',
      args: { subject: t.arg.string({ required: true }), lang: t.arg.string({ defaultValue: 'en' }) },
      resolve: async (_r: unknown, a: any, ctx: any) => {
        officer(ctx, gatewayId);
        const lang = language(a.lang);
        const entries = await entriesForSubject(db, a.subject);
        if (!options.renderReport) return renderSubjectAccessReport({ subject: a.subject, lang, entries, ...(options.memberName ? { memberName: options.memberName } : {}) });
        // Only the names the report can mention cross to the worker thread.
        const names: Record<string, string> = {};
        for (const id of new Set(entries.flatMap((e) => [e.requester, e.details?.recipient]).filter((v): v is string => typeof v === 'string'))) {
          const name = options.memberName?.(id);
          if (name !== undefined) names[id] = name;
        }
        return options.renderReport({ subject: a.subject, lang, entries, ...(options.memberName ? { names } : {}) });
      },
    }),
    subjectAccessReportView: t.field({
      type: ReportView,
      nullable: false,
      description: 'The subject access report as words in her language, for a page to show or print. Data-protection officer only.',
      args: { subject: t.arg.string({ required: true }), lang: t.arg.string({ defaultValue: 'en' }) },
      resolve: async (_r: unknown, a: { subject: string; lang: string }, ctx: any): Promise<SubjectAccessView> => {
        officer(ctx, gatewayId);
        const lang = language(a.lang);
        const entries = await entriesForSubject(db, a.subject);
        return subjectAccessView({ subject: a.subject, lang, entries, ...(options.memberName ? { memberName: options.memberName } : {}) });
      },
    }),
  }));

  b.mutationFields((t: any) => ({
    reviewOverride: t.field({
      type: Review,
      nullable: false,
      description: 'Marks an override reviewed, with a note. The review is recorded in the audit trail (the note by its hash).',
      args: { entry: t.arg.int({ required: true }), note: t.arg.string({ required: true }) },
      resolve: async (_r: unknown, a: { entry: number; note: string }, ctx: any): Promise<OverrideReview> => {
        const p = officer(ctx, gatewayId);
        if (!a.note.trim()) throw gatewayError('BAD_USER_INPUT', 'a review needs a note');
        try {
          return await reviewOverride(db, log, { entrySeq: a.entry, reviewer: { member: p.member.id, user: userPseudonym(p) }, note: a.note });
        } catch (error) {
          if (error instanceof ReviewError) throw gatewayError('CONFLICT', error.message);
          throw error;
        }
      },
    }),
  }));
}
