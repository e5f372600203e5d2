/**
 * The records the gateway keeps around the spec's documents, as GraphQL types: referrals, status
 * updates, consent entries, her case view and the agencies' cases, the disclosure preview. Each
 * document or copied column is a spec-data field, so the field guard sees it.
 */
import type { StoredConsent, StoredReferral, StoredStatusUpdate } from '../../gateway/store/types.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { Spec } from '../../lib/spec/types.ts';
import { specFieldExtension, type AnyRef, type Builder, type SpecTypes } from './builder.ts';
import type { AgencyRecord, DisclosurePreviewResult, GatewayOperations, SubjectCase } from './operations.ts';
import type { SpecFieldType, SpecModel } from './spec-model.ts';

export interface RecordTypesInput {
  spec: Spec;
  model: SpecModel;
  specTypes: SpecTypes;
  operations: GatewayOperations;
}

export function addRecordTypes(builder: Builder, { spec, model, specTypes, operations: ops }: RecordTypesInput) {
  const b = builder as any;
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
        resolve: (r: StoredReferral, _args: unknown, ctx: AuthenticatedRequest) => ops.statusHistory(ctx, r),
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
        resolve: (r: AgencyRecord, _args: unknown, ctx: AuthenticatedRequest) => (r.member === ctx.principal.member.id ? r.localCaseNumber ?? null : null),
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
        resolve: (c: SubjectCase, _args: unknown, ctx: AuthenticatedRequest) => ops.agencyRecords(ctx, c),
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

  const PreviewRow = b.objectRef('DisclosurePreviewRow').implement({
    description: 'What the recipient would get of one field, and why.',
    fields: (t: any) => ({
      pointer: t.exposeString('pointer', { nullable: false, description: 'The field, as a JSON Pointer into the referral (`*` for every item of a list).' }),
      description: t.exposeString('description'),
      fieldGroup: t.exposeString('fieldGroup', { description: 'The field group the policy decided it in (envelope for the referral itself): what a page for her names it by.' }),
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


  return { documentType, documentId, inputTypeOf, statusType, StatusUpdateRecord, ReferralRecord, ConsentEntry, SubjectCaseType, SpecInfo, DisclosurePreviewType };
}
