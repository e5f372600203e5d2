/**
 * The gateway's GraphQL schema: the spec-derived types (builder.ts) plus the records the gateway
 * keeps around them, the queries and the mutations. Built once at start from the loaded spec.
 */
import type { GraphQLSchema } from 'graphql';
import type { Principal } from '../../gateway/auth/types.ts';
import type { StoredConsent, StoredReferral, StoredStatusUpdate } from '../../gateway/store/types.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { addSpecTypes, createBuilder, specFieldExtension, type AnyRef } from './builder.ts';
import { codeScalar } from './code-scalars.ts';
import { addSpecInputs } from './inputs.ts';
import { gatewayError } from './errors.ts';
import type { AgencyRecord, DisclosurePreviewResult, GatewayOperations, MemberFilter, ReferralListFilter, SubjectCase } from './operations.ts';
import type { SpecDataOptions, SpecFieldHook } from './plugins/spec-data.ts';
import { buildSpecModel, type SpecFieldType, type SpecModel } from './spec-model.ts';
import { addDpoSchema, type DpoOptions } from './dpo.ts';

export interface GatewayContext {
  principal: Principal;
  [key: string]: unknown;
}

export interface GatewaySchemaOptions {
  spec: Spec;
  operations: GatewayOperations;
  /** Country profile this gateway follows, reported by `spec { profile }`. */
  profile?: string;
  /** Largest page a connection serves (`first`). */
  maxListSize: number;
  /** Interception point for every spec-data field (see plugins/spec-data.ts). */
  onSpecField?: SpecFieldHook;
  /** The data-protection officer's queries over the audit trail (schema/graphql/dpo.ts). */
  dpo?: DpoOptions;
  /** Makes the guard of each spec-data field once, at build (field-level policy, gateway/policy/guard.ts). */
  guardSpecField?: SpecDataOptions['guardSpecField'];
}

export interface GatewaySchema {
  schema: GraphQLSchema;
  model: SpecModel;
}

const encodeCursor = (seq: number) => Buffer.from(`referral:${seq}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^referral:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw gatewayError('BAD_USER_INPUT', 'the cursor is not one this gateway issued');
  return Number(match[1]);
}

function instant(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw gatewayError('BAD_USER_INPUT', `${name} must be an RFC 3339 date or date-time, got ${JSON.stringify(String(value).slice(0, 40))}`);
  return new Date(ms).toISOString();
}

export function buildGatewaySchema(options: GatewaySchemaOptions): GatewaySchema {
  const { spec, operations: ops, maxListSize } = options;
  const model = buildSpecModel(spec);
  const builder = createBuilder({
    ...(options.onSpecField ? { onSpecField: options.onSpecField } : {}),
    ...(options.guardSpecField ? { guardSpecField: options.guardSpecField } : {}),
  });
  const b = builder as any;
  const specTypes = addSpecTypes(builder, model);
  const inputs = addSpecInputs(builder, model, specTypes);

  const documentType = (kind: string): AnyRef => {
    const type = model.documents.get(kind);
    return type ? specTypes.typeParam(type) : 'JSON';
  };
  const documentId = (kind: string) => spec.documentKinds.get(kind) ?? `${spec.baseUri}${kind}.schema.json`;
  /** The spec field a record column copies, so the column gets the same interception as the document. */
  const propertyOf = (kind: string, property: string) => {
    const type = model.documents.get(kind);
    return type?.kind === 'object' ? model.objects.get(type.name)?.fields.find((f) => f.property === property) : undefined;
  };
  /** The spec's code scalar for a property when it has one, else String: filters and arguments take the spec's codes. */
  const inputTypeOf = (kind: string, property: string): AnyRef => {
    let type: SpecFieldType | undefined = propertyOf(kind, property)?.type;
    if (type?.kind === 'list') type = type.of;
    return type?.kind === 'code' ? specTypes.refs.get(type.name) : 'String';
  };
  const statusType = inputTypeOf('referral-status-update', 'status');
  const copiedField = (t: any, coordinate: string, kind: string, property: string, type: AnyRef, resolve: (parent: any) => unknown, nullable = false) => {
    const field = propertyOf(kind, property);
    return t.field({
      type,
      nullable,
      description: field?.description,
      extensions: { nrx: specFieldExtension(coordinate, field ?? { property, locations: [`${documentId(kind)}#/properties/${property}`], transforms: [] }) },
      resolve,
    });
  };
  const documentField = (t: any, coordinate: string, kind: string, description: string) =>
    t.field({
      type: documentType(kind),
      nullable: false,
      description,
      extensions: { nrx: specFieldExtension(coordinate, { property: '', locations: [`${documentId(kind)}#`], transforms: [] }) },
      resolve: (parent: { document: unknown }) => parent.document,
    });

  const StatusUpdateRecord = b.objectRef('StatusUpdateRecord').implement({
    description: 'A change of a referral\'s status, as the gateway recorded it, with the spec document that reported it.',
    fields: (t: any) => ({
      id: t.exposeID('id', { nullable: false }),
      referralId: t.exposeID('referralId', { nullable: false }),
      status: t.field({ type: statusType, nullable: false, description: 'The referral status this update set.', resolve: (u: StoredStatusUpdate) => u.status }),
      author: t.exposeString('author', { nullable: false, description: 'The member that posted the update.' }),
      at: t.exposeString('at', { nullable: false, description: 'When the gateway recorded the update. Format: date-time.' }),
      document: documentField(t, 'StatusUpdateRecord.document', 'referral-status-update', 'The status update document.'),
    }),
  });

  const ReferralRecord = b.objectRef('ReferralRecord').implement({
    description: 'A referral as this gateway holds it: the spec document, its current status and its status history.',
    fields: (t: any) => ({
      id: t.exposeID('id', { nullable: false }),
      sender: copiedField(t, 'ReferralRecord.sender', 'referral', 'sender', 'String', (r: StoredReferral) => r.sender),
      recipient: copiedField(t, 'ReferralRecord.recipient', 'referral', 'recipient', 'String', (r: StoredReferral) => r.recipient),
      purpose: copiedField(t, 'ReferralRecord.purpose', 'referral', 'purpose', inputTypeOf('referral', 'purpose'), (r: StoredReferral) => r.purpose),
      subject: copiedField(t, 'ReferralRecord.subject', 'referral', 'subject', 'String', (r: StoredReferral) => r.subject),
      status: t.field({ type: statusType, nullable: false, description: 'The current status: sent on submission, then as the recipient\'s decision and status updates set it.', resolve: (r: StoredReferral) => r.status }),
      created: t.exposeString('created', { nullable: false, description: 'When the sender created the referral. Format: date-time.' }),
      updated: t.exposeString('updated', { nullable: false, description: 'When the status last changed. Format: date-time.' }),
      document: documentField(t, 'ReferralRecord.document', 'referral', 'The referral document as the sender submitted it.'),
      statusHistory: t.field({
        type: [StatusUpdateRecord],
        nullable: false,
        description: 'Every status update, oldest first. The sender sees what the recipient posts here.',
        resolve: (r: StoredReferral, _args: unknown, ctx: GatewayContext) => ops.statusHistory(ctx.principal, r),
      }),
    }),
  });

  const ConsentEntry = b.objectRef('ConsentEntry').implement({
    description: 'A consent record as the gateway holds it, with its withdrawal.',
    fields: (t: any) => ({
      id: t.exposeID('id', { nullable: false }),
      subject: copiedField(t, 'ConsentEntry.subject', 'consent-record', 'subject', 'String', (c: StoredConsent) => c.subject),
      recordedBy: t.exposeString('recordedBy', { nullable: false, description: 'The member that recorded the consent.' }),
      recorded: t.exposeString('recorded', { nullable: false, description: 'When the gateway stored the record. Format: date-time.' }),
      withdrawn: t.boolean({ nullable: false, resolve: (c: StoredConsent) => c.withdrawnAt !== null, description: 'True once the consent is withdrawn.' }),
      withdrawnAt: t.string({ resolve: (c: StoredConsent) => c.withdrawnAt, description: 'When the consent was withdrawn. Format: date-time.' }),
      document: documentField(t, 'ConsentEntry.document', 'consent-record', 'The consent record document.'),
    }),
  });

  const sectionsField = propertyOf('referral', 'sections');
  const AgencyRecordType = b.objectRef('AgencyRecord').implement({
    description: 'One case of hers in an agency\'s own system, reached through a connector, in the shape of a referral\'s sections. What the caller may read of it is decided as for a referral from that agency.',
    fields: (t: any) => ({
      connector: t.exposeString('connector', { nullable: false, description: 'The connector that reached the agency\'s system.' }),
      member: t.exposeString('member', { nullable: false, description: 'The member whose system holds the case.' }),
      localCaseNumber: t.string({
        description: 'The agency\'s own case number; given only to that agency.',
        resolve: (r: AgencyRecord, _args: unknown, ctx: GatewayContext) => (r.member === ctx.principal.member.id ? r.localCaseNumber ?? null : null),
      }),
      sections: t.field({
        type: sectionsField ? specTypes.typeParam(sectionsField.type) : 'JSON',
        description: sectionsField?.description,
        extensions: { nrx: specFieldExtension('AgencyRecord.sections', sectionsField ?? { property: 'sections', locations: [`${documentId('referral')}#/properties/sections`], transforms: [] }) },
        resolve: (r: AgencyRecord) => r.sections,
      }),
    }),
  });

  const SubjectCaseType = b.objectRef('SubjectCase').implement({
    description: 'Her case as seen from the calling member: the referrals about her it sent or received, their status histories, her consent records and her cases in the agencies\' own systems.',
    fields: (t: any) => ({
      subject: t.exposeString('subject', { nullable: false }),
      referralsSent: t.field({ type: [ReferralRecord], nullable: false, resolve: (c: SubjectCase) => c.referralsSent }),
      referralsReceived: t.field({ type: [ReferralRecord], nullable: false, resolve: (c: SubjectCase) => c.referralsReceived }),
      consents: t.field({ type: [ConsentEntry], nullable: false, resolve: (c: SubjectCase) => c.consents }),
      agencyRecords: t.field({
        type: [AgencyRecordType],
        nullable: false,
        description: 'Her cases in the agencies\' own systems (connectors), gathered in parallel. A connector that fails or is slow is reported under extensions.nrx.connectorErrors and the rest is served.',
        resolve: (c: SubjectCase, _args: unknown, ctx: GatewayContext) => ops.agencyRecords(ctx.principal, c),
      }),
    }),
  });

  const SpecInfo = b.objectRef('SpecInfo').implement({
    description: 'The version of the standard this gateway serves.',
    fields: (t: any) => ({
      version: t.exposeString('version', { nullable: false }),
      profile: t.exposeString('profile', { description: 'The country profile the gateway follows, when any.' }),
      title: t.exposeString('title', { nullable: false }),
    }),
  });

  const FieldCondition = b.inputType('FieldCondition', {
    description: 'A condition on one field of the referral document: some value at the pointer equals the given value.',
    fields: (t: any) => ({
      pointer: t.string({ required: true, description: 'JSON Pointer into the referral document; array items are entered without an index, e.g. /sections/needs/category.' }),
      equals: t.field({ type: 'JSON', required: true, description: 'The value, in the spec\'s own form (codes in kebab-case).' }),
    }),
  });

  const PreviewRow = b.objectRef('DisclosurePreviewRow').implement({
    description: 'What the recipient would get of one field, and why.',
    fields: (t: any) => ({
      pointer: t.exposeString('pointer', { nullable: false, description: 'The field, as a JSON Pointer into the referral (`*` for every item of a list).' }),
      description: t.exposeString('description'),
      decision: t.exposeString('decision', { nullable: false, description: 'release, transform or withhold.' }),
      transform: t.exposeString('transform', { description: 'The generalised form released (age-band, minor-flag, region, vulnerable-person, presence-only, ...).' }),
      consent: t.exposeString('consent', { description: 'The consent record that permits it, with the provision: <id>#<pointer>.' }),
      agreement: t.exposeString('agreement', { description: 'The data-sharing agreement and clause: <id>@<version>#<clause>.' }),
      legalBasis: t.exposeString('legalBasis', { description: 'The legal basis: consent, or one that stands without it (flagged for the data-protection officer).' }),
      reason: t.exposeString('reason', { description: 'The rule that withheld it (a reason code).' }),
      explanation: t.exposeString('explanation', { description: 'The reason in words.' }),
    }),
  });
  const DisclosurePreviewType = b.objectRef('DisclosurePreview').implement({
    description: 'What a recipient would receive of her referral for a purpose, field by field, before it is sent.',
    fields: (t: any) => ({
      subject: t.exposeString('subject', { nullable: false }),
      recipient: t.exposeString('recipient', { nullable: false }),
      purpose: t.expose('purpose', { type: inputTypeOf('referral', 'purpose'), nullable: false }),
      crossBorder: t.exposeBoolean('crossBorder', { nullable: false }),
      overrides: t.exposeStringList('overrides', { nullable: false, description: 'Legal bases other than consent that some field would be released under (each use is flagged for the data-protection officer).' }),
      fields: t.field({ type: [PreviewRow], nullable: false, resolve: (p: DisclosurePreviewResult) => p.fields }),
    }),
  });

  const ReferralFilter = b.inputType('ReferralFilter', {
    description: 'Narrows a list of referrals; all given conditions must hold.',
    fields: (t: any) => ({
      status: t.field({ type: statusType, description: 'Current status.' }),
      purpose: t.field({ type: inputTypeOf('referral', 'purpose') }),
      subject: t.string({ description: 'Her pseudonymous reference.' }),
      createdFrom: t.string({ description: 'Created at or after this date or date-time (RFC 3339).' }),
      createdTo: t.string({ description: 'Created before this date or date-time (RFC 3339).' }),
      where: t.field({
        type: [FieldCondition],
        description: 'Conditions on fields of the referral document. They are evaluated over what the caller may read, so a field withheld from it never matches.',
      }),
    }),
  });

  const ReferralDecision = b.addScalarType('ReferralDecision', codeScalar({
    name: 'ReferralDecision',
    description: 'The recipient\'s answer to a referral; it sets the referral\'s status to accepted or declined-by-provider.',
    codes: [{ code: 'accept', description: 'Takes the referral on.' }, { code: 'decline', description: 'Declines it, with coded reasons.' }],
  }));

  const ReferralConnection = b.connectionObject({ type: ReferralRecord, name: 'ReferralConnection' }, { name: 'ReferralEdge' });

  const referralList = (t: any, side: 'sent' | 'received', description: string) =>
    t.connection(
      {
        type: ReferralRecord,
        description,
        nullable: false,
        args: { filter: t.arg({ type: ReferralFilter }) },
        resolve: async (_root: unknown, args: any, ctx: GatewayContext) => {
          if (args.last != null || args.before != null) throw gatewayError('BAD_USER_INPUT', 'lists page forwards only: use first and after');
          const first = args.first ?? Math.min(20, maxListSize);
          if (first < 0) throw gatewayError('BAD_USER_INPUT', '`first` must not be negative');
          if (first > maxListSize) throw gatewayError('LIMIT_EXCEEDED', `\`first\` is at most ${maxListSize}`, { limit: 'maxListSize', max: maxListSize });
          const filter: ReferralListFilter = {};
          const f = args.filter ?? {};
          if (f.status != null) filter.status = f.status;
          if (f.purpose != null) filter.purpose = f.purpose;
          if (f.subject != null) filter.subject = f.subject;
          if (f.where != null && f.where.length) filter.where = f.where.map((c: { pointer: string; equals: unknown }) => ({ pointer: String(c.pointer), equals: c.equals }));
          const from = instant(f.createdFrom, 'createdFrom');
          const to = instant(f.createdTo, 'createdTo');
          if (from) filter.createdFrom = from;
          if (to) filter.createdTo = to;
          const afterSeq = args.after != null ? decodeCursor(args.after) : undefined;
          const rows = await ops.referrals(ctx.principal, side, filter, first + 1, afterSeq);
          const page = rows.slice(0, first);
          const edges = page.map((node) => ({ cursor: encodeCursor(node.seq), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: rows.length > first,
              hasPreviousPage: afterSeq !== undefined,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      ReferralConnection,
    );

  const memberType = documentType('member');
  b.queryType({
    fields: (t: any) => ({
      referral: t.field({
        type: ReferralRecord,
        description: 'One referral the calling member sent or received; null when there is none it may see.',
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root: unknown, args: { id: string }, ctx: GatewayContext) => ops.referral(ctx.principal, String(args.id)),
      }),
      referralsSent: referralList(t, 'sent', 'Referrals the calling member sent, newest first.'),
      referralsReceived: referralList(t, 'received', 'Referrals addressed to the calling member, newest first.'),
      subjectCase: t.field({
        type: SubjectCaseType,
        nullable: false,
        description: 'Her case as the calling member may see it.',
        args: { subject: t.arg.string({ required: true, description: 'Her pseudonymous reference.' }) },
        resolve: (_root: unknown, args: { subject: string }, ctx: GatewayContext) => ops.subjectCase(ctx.principal, args.subject),
      }),
      subjectCases: t.field({
        type: [SubjectCaseType],
        nullable: false,
        description: 'Several case views at once; the agencies\' systems are asked once per connector for all of them.',
        args: { subjects: t.arg.stringList({ required: true, description: 'Her pseudonymous references.' }) },
        resolve: (_root: unknown, args: { subjects: string[] }, ctx: GatewayContext) => {
          if (args.subjects.length > maxListSize) throw gatewayError('LIMIT_EXCEEDED', `at most ${maxListSize} subjects at once`, { limit: 'maxListSize', max: maxListSize });
          return Promise.all(args.subjects.map((subject) => ops.subjectCase(ctx.principal, subject)));
        },
      }),
      members: t.field({
        type: [memberType],
        nullable: false,
        description: 'The federation directory, from the signed trust list.',
        args: {
          country: t.arg({ type: inputTypeOf('member', 'country') }),
          memberClass: t.arg({ type: inputTypeOf('member', 'memberClass') }),
          agencyType: t.arg({ type: inputTypeOf('member', 'agencyType') }),
        },
        extensions: { nrx: specFieldExtension('Query.members', { property: '', locations: [`${documentId('member')}#`], transforms: [] }) },
        resolve: (_root: unknown, args: MemberFilter) => ops.members(withoutNulls(args)),
      }),
      member: t.field({
        type: memberType,
        description: 'One member of the federation by its id, e.g. RS/GOV/CPTV.',
        args: { id: t.arg.id({ required: true }) },
        extensions: { nrx: specFieldExtension('Query.member', { property: '', locations: [`${documentId('member')}#`], transforms: [] }) },
        resolve: (_root: unknown, args: { id: string }) => ops.member(String(args.id)),
      }),
      disclosurePreview: t.field({
        type: DisclosurePreviewType,
        nullable: false,
        description: 'Per field, what `recipient` would receive of her referral from the calling member for `purpose`: the decision, the transform and its basis, or the rule that withheld it. For the referring worker to show her before sending, and for the data-protection officer.',
        args: {
          subject: t.arg.string({ required: true, description: 'Her reference, as the calling member knows it.' }),
          recipient: t.arg.id({ required: true, description: 'The member that would receive it.' }),
          purpose: t.arg({ type: inputTypeOf('referral', 'purpose'), required: true }),
        },
        resolve: (_root: unknown, args: { subject: string; recipient: string; purpose: string }, ctx: GatewayContext) =>
          ops.disclosurePreview(ctx.principal, { subject: args.subject, recipient: String(args.recipient), purpose: args.purpose }),
      }),
      spec: t.field({
        type: SpecInfo,
        nullable: false,
        resolve: () => ({ version: spec.version, profile: options.profile ?? null, title: spec.title }),
      }),
    }),
  });

  b.mutationType({
    fields: (t: any) => ({
      submitReferral: t.field({
        type: ReferralRecord,
        nullable: false,
        description: 'Submits a referral document (kind "referral"). It is validated against the spec; the caller must be its sender and the recipient a federation member.',
        args: { document: t.arg({ type: inputs.documentInput('referral'), required: true }) },
        resolve: (_root: unknown, args: { document: unknown }, ctx: GatewayContext) => ops.submitReferral(ctx.principal, inputs.toDocument('referral', args.document)),
      }),
      respondToReferral: t.field({
        type: ReferralRecord,
        nullable: false,
        description: 'The recipient accepts or declines a referral; the sender sees the answer in its status history.',
        args: {
          id: t.arg.id({ required: true }),
          decision: t.arg({ type: ReferralDecision, required: true }),
          reasons: t.arg({ type: [inputTypeOf('referral-status-update', 'reasons')], description: 'Coded reasons; required for a decline.' }),
          note: t.arg.string({ description: 'A note to the sender.' }),
        },
        resolve: (_root: unknown, args: any, ctx: GatewayContext) =>
          ops.respondToReferral(ctx.principal, { id: String(args.id), decision: args.decision, reasons: args.reasons ?? [], ...(args.note != null ? { note: args.note } : {}) }),
      }),
      postStatusUpdate: t.field({
        type: StatusUpdateRecord,
        nullable: false,
        description: 'Posts a status update document (kind "referral-status-update") on a referral; it reaches the sender through the referral\'s status history.',
        args: { referralId: t.arg.id({ required: true }), document: t.arg({ type: inputs.documentInput('referral-status-update'), required: true }) },
        resolve: (_root: unknown, args: any, ctx: GatewayContext) => ops.postStatusUpdate(ctx.principal, String(args.referralId), inputs.toDocument('referral-status-update', args.document)),
      }),
      recordConsent: t.field({
        type: ConsentEntry,
        nullable: false,
        description: 'Records a consent record document (kind "consent-record"), validated against the spec.',
        args: { document: t.arg({ type: inputs.documentInput('consent-record'), required: true }) },
        resolve: (_root: unknown, args: { document: unknown }, ctx: GatewayContext) => ops.recordConsent(ctx.principal, inputs.toDocument('consent-record', args.document)),
      }),
      withdrawConsent: t.field({
        type: ConsentEntry,
        nullable: false,
        description: 'Withdraws a consent the calling member recorded. The record stays, marked withdrawn.',
        args: { id: t.arg.id({ required: true }), at: t.arg.string({ description: 'When she withdrew it (RFC 3339); now when omitted.' }) },
        resolve: (_root: unknown, args: { id: string; at?: string | null }, ctx: GatewayContext) =>
          ops.withdrawConsent(ctx.principal, String(args.id), instant(args.at, 'at')),
      }),
    }),
  });

  addDpoSchema(builder, options.dpo);
  return { schema: builder.toSchema({ sortSchema: false }), model };
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

