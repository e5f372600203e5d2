/**
 * The gateway's GraphQL schema: the spec-derived types (builder.ts) plus the records the gateway
 * keeps around them, the queries and the mutations. Built once at start from the loaded spec.
 */
import type { GraphQLSchema } from 'graphql';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { addSpecTypes, createBuilder, specFieldExtension } from './builder.ts';
import { codeScalar } from './code-scalars.ts';
import { addSpecInputs } from './inputs.ts';
import { gatewayError } from './errors.ts';
import type { GatewayOperations, MemberFilter } from './operations.ts';
import type { SpecDataOptions } from './plugins/spec-data.ts';
import { addRecordTypes } from './record-types.ts';
import { instant, referralLists } from './referral-list.ts';
import { buildSpecModel, type SpecModel } from './spec-model.ts';
import { addDpoSchema, type DpoOptions } from './dpo.ts';
import { addFederationOpsSchema, type FederationOpsOptions } from './federation-ops.ts';
import { addFederationSchema, type FederationOperations } from './federation.ts';
import { addDirectorySchema, type DirectorySchemaOptions } from './directory.ts';
import { addStatisticsSchema } from './statistics.ts';
import type { StatisticsService } from '../../gateway/statistics/index.ts';
import { addAuditIntegritySchema } from './audit-integrity.ts';
import { addLanguagesSchema } from './languages.ts';

export interface GatewaySchemaOptions {
  spec: Spec;
  operations: GatewayOperations;
  /** Country profile this gateway follows, reported by `spec { profile }`. */
  profile?: string;
  /** Largest page a connection serves (`first`). */
  maxListSize: number;
  /** The data-protection officer's queries over the audit trail (schema/graphql/dpo.ts). */
  dpo?: DpoOptions;
  /** The administrator's trust-list reload (schema/graphql/federation-ops.ts). */
  federationOps?: FederationOpsOptions;
  /** Referrals exchanged with peer gateways (schema/graphql/federation.ts). */
  federation?: FederationOperations;
  /** The service directory's search and publishing (schema/graphql/directory.ts). */
  directory?: DirectorySchemaOptions;
  /** Makes the guard of each spec-data field once, at build (field-level policy, plugins/field-guard.ts). */
  guardSpecField?: SpecDataOptions['guardSpecField'];
  /** Aggregate statistics with small-cell suppression (schema/graphql/statistics.ts). */
  statistics?: StatisticsService;
}

export interface GatewaySchema {
  schema: GraphQLSchema;
  model: SpecModel;
}

export function buildGatewaySchema(options: GatewaySchemaOptions): GatewaySchema {
  const { spec, operations: ops, maxListSize } = options;
  const model = buildSpecModel(spec);
  const builder = createBuilder({
    ...(options.guardSpecField ? { guardSpecField: options.guardSpecField } : {}),
  });
  const b = builder as any;
  const specTypes = addSpecTypes(builder, model);
  const inputs = addSpecInputs(builder, model, specTypes);
  const { documentType, documentId, inputTypeOf, statusType, StatusUpdateRecord, ReferralRecord, ConsentEntry, SubjectCaseType, SpecInfo, DisclosurePreviewType } = addRecordTypes(builder, { spec, model, specTypes, operations: ops });
  const referralList = referralLists(builder, { operations: ops, maxListSize, ReferralRecord, statusType, inputTypeOf });

  const ReferralDecision = b.addScalarType('ReferralDecision', codeScalar({
    name: 'ReferralDecision',
    description: 'The recipient\'s answer to a referral; it sets the referral\'s status to accepted or declined-by-provider.',
    codes: [{ code: 'accept', description: 'Takes the referral on.' }, { code: 'decline', description: 'Declines it, with coded reasons.' }],
  }));


  const memberType = documentType('member');
  b.queryType({
    fields: (t: any) => ({
      referral: t.field({
        type: ReferralRecord,
        description: 'One referral the calling member sent or received; null when there is none it may see.',
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root: unknown, args: { id: string }, ctx: AuthenticatedRequest) => ops.referral(ctx, String(args.id)),
      }),
      referralsSent: referralList(t, 'sent', 'Referrals the calling member sent, newest first.'),
      referralsReceived: referralList(t, 'received', 'Referrals addressed to the calling member, newest first.'),
      subjectCase: t.field({
        type: SubjectCaseType,
        nullable: false,
        description: 'Her case as the calling member may see it.',
        args: { subject: t.arg.string({ required: true, description: 'Her pseudonymous reference.' }) },
        resolve: (_root: unknown, args: { subject: string }, ctx: AuthenticatedRequest) => ops.subjectCase(ctx, args.subject),
      }),
      subjectCases: t.field({
        type: [SubjectCaseType],
        nullable: false,
        description: 'Several case views at once; the agencies\' systems are asked once per connector for all of them.',
        args: { subjects: t.arg.stringList({ required: true, description: 'Her pseudonymous references.' }) },
        resolve: (_root: unknown, args: { subjects: string[] }, ctx: AuthenticatedRequest) => {
          if (args.subjects.length > maxListSize) throw gatewayError('LIMIT_EXCEEDED', `at most ${maxListSize} subjects at once`, { limit: 'maxListSize', max: maxListSize });
          return ops.subjectCases(ctx, args.subjects);
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
        resolve: (_root: unknown, args: { subject: string; recipient: string; purpose: string }, ctx: AuthenticatedRequest) =>
          ops.disclosurePreview(ctx, { subject: args.subject, recipient: String(args.recipient), purpose: args.purpose }),
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
        resolve: (_root: unknown, args: { document: unknown }, ctx: AuthenticatedRequest) => ops.submitReferral(ctx, inputs.toDocument('referral', args.document)),
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
        resolve: (_root: unknown, args: any, ctx: AuthenticatedRequest) =>
          ops.respondToReferral(ctx, { id: String(args.id), decision: args.decision, reasons: args.reasons ?? [], ...(args.note != null ? { note: args.note } : {}) }),
      }),
      postStatusUpdate: t.field({
        type: StatusUpdateRecord,
        nullable: false,
        description: 'Posts a status update document (kind "referral-status-update") on a referral; it reaches the sender through the referral\'s status history.',
        args: { referralId: t.arg.id({ required: true }), document: t.arg({ type: inputs.documentInput('referral-status-update'), required: true }) },
        resolve: (_root: unknown, args: any, ctx: AuthenticatedRequest) => ops.postStatusUpdate(ctx, String(args.referralId), inputs.toDocument('referral-status-update', args.document)),
      }),
      recordConsent: t.field({
        type: ConsentEntry,
        nullable: false,
        description: 'Records a consent record document (kind "consent-record"), validated against the spec.',
        args: { document: t.arg({ type: inputs.documentInput('consent-record'), required: true }) },
        resolve: (_root: unknown, args: { document: unknown }, ctx: AuthenticatedRequest) => ops.recordConsent(ctx, inputs.toDocument('consent-record', args.document)),
      }),
      withdrawConsent: t.field({
        type: ConsentEntry,
        nullable: false,
        description: 'Withdraws a consent the calling member recorded. The record stays, marked withdrawn.',
        args: { id: t.arg.id({ required: true }), at: t.arg.string({ description: 'When she withdrew it (RFC 3339); now when omitted.' }) },
        resolve: (_root: unknown, args: { id: string; at?: string | null }, ctx: AuthenticatedRequest) =>
          ops.withdrawConsent(ctx, String(args.id), instant(args.at, 'at')),
      }),
    }),
  });

  addDpoSchema(builder, options.dpo);
  addFederationOpsSchema(builder, options.federationOps);
  addFederationSchema(builder, { ...(options.federation ? { operations: options.federation } : {}), ReferralRecord, maxListSize });
  addDirectorySchema(builder, { documentType, documentId, inputTypeOf, documentInput: inputs.documentInput, toDocument: inputs.toDocument, maxListSize }, options.directory);
  addStatisticsSchema(builder, options.statistics);
  addAuditIntegritySchema(builder, options.dpo);
  addLanguagesSchema(builder);
  return { schema: builder.toSchema({ sortSchema: false }), model };
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

