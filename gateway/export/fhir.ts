/**
 * FHIR views of the audit trail: entries as AuditEvent shaped like IHE Basic Audit Log Patterns'
 * privacy disclosure (BALP PrivacyDisclosure), consent records as R5 Consent, and NDJSON for bulk.
 */
import type { AuditEntry } from '../audit/entry.ts';
import type { StoredConsent } from '../store/types.ts';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const AUDIT_ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';
const PURPOSE = 'https://nrx.exchange/spec/v1/codelists/purpose';
const MEMBER = 'https://nrx.exchange/member-id';
const SUBJECT = 'https://nrx.exchange/subject-reference';
const EVENT = 'https://nrx.exchange/audit-event-type';
export const BALP_PRIVACY_DISCLOSURE = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure';

const member = (id: string) => ({ identifier: { system: MEMBER, value: id }, display: id });

/** One audit entry as a FHIR AuditEvent (R4 shape, as BALP profiles it). */
export function auditEvent(entry: AuditEntry, gateway: string): Record<string, unknown> {
  const disclosure = entry.type === 'disclosure-decision' || entry.type === 'override';
  const recipient = typeof entry.details?.recipient === 'string' ? entry.details.recipient : entry.requester;
  const released = (entry.fields ?? []).filter((f) => f.decision !== 'withheld');
  return {
    resourceType: 'AuditEvent',
    id: `nrx-audit-${entry.id}`,
    meta: { profile: disclosure ? [BALP_PRIVACY_DISCLOSURE] : [] },
    type: disclosure ? { system: DCM, code: '110106', display: 'Export' } : { system: EVENT, code: entry.type },
    subtype: [
      ...(disclosure ? [{ system: LIFECYCLE, code: 'disclose', display: 'Disclose Record Lifecycle Event' }] : []),
      { system: EVENT, code: entry.type },
    ],
    // Reads disclose ('R'); recorded changes and referrals execute an action ('E').
    action: disclosure ? 'R' : 'E',
    recorded: entry.at,
    outcome: entry.type === 'auth-refused' ? '4' : '0',
    ...(entry.purpose ? { purposeOfEvent: [{ coding: [{ system: PURPOSE, code: entry.purpose }] }] } : {}),
    agent: [
      { type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] }, who: member(gateway), requestor: false },
      ...(recipient
        ? [{ type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] }, who: member(recipient), requestor: true, ...(entry.user ? { altId: entry.user } : {}) }]
        : []),
    ],
    source: { observer: member(gateway), type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }] },
    entity: [
      ...(entry.subject
        ? [{ what: { identifier: { system: SUBJECT, value: entry.subject } }, type: { system: AUDIT_ENTITY_TYPE, code: '1', display: 'Person' }, role: { system: OBJECT_ROLE, code: '1', display: 'Patient' } }]
        : []),
      ...(entry.fields?.length || entry.payloadHash
        ? [{
            type: { system: AUDIT_ENTITY_TYPE, code: '2', display: 'System Object' },
            role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
            ...(entry.payloadHash ? { what: { identifier: { system: 'urn:nrx:sha256', value: entry.payloadHash } } } : {}),
            ...(entry.operationHash ? { query: Buffer.from(entry.operationHash).toString('base64') } : {}),
            detail: [
              ...released.map((f) => ({ type: f.decision, valueString: `${f.path}${f.basis ? ` (${f.basis})` : ''}` })),
              ...(entry.fields ?? []).filter((f) => f.decision === 'withheld').map((f) => ({ type: 'withheld', valueString: `${f.path}${f.reason ? ` (${f.reason})` : ''}` })),
            ],
          }]
        : []),
    ],
  };
}

const CONSENT_STATUS: Record<string, string> = { given: 'active', active: 'active', provisional: 'draft', withdrawn: 'inactive', expired: 'inactive', refused: 'inactive', superseded: 'inactive' };

/** A consent record as a FHIR R5 Consent. */
export function consentResource(consent: StoredConsent): Record<string, unknown> {
  const doc = consent.document as Record<string, any>;
  const state = consent.withdrawnAt ? 'withdrawn' : String(doc.state ?? 'given');
  const provisions = Array.isArray(doc.provisions) ? doc.provisions : [];
  const provision = (p: Record<string, any>): Record<string, unknown> => ({
    ...(p.period ? { period: p.period } : {}),
    ...(Array.isArray(p.actors) ? { actor: p.actors.filter((a: any) => a?.member).map((a: any) => ({ reference: member(String(a.member)) })) } : {}),
    ...(Array.isArray(p.purposes) ? { purpose: p.purposes.map((code: string) => ({ system: PURPOSE, code })) } : {}),
    ...(Array.isArray(p.fieldGroups) ? { securityLabel: p.fieldGroups.map((code: string) => ({ system: 'https://nrx.exchange/spec/v1/codelists/field-group', code })) } : {}),
    ...(Array.isArray(p.provisions) && p.provisions.length ? { provision: p.provisions.map(provision) } : {}),
  });
  return {
    resourceType: 'Consent',
    id: consent.id,
    status: CONSENT_STATUS[state] ?? 'active',
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    subject: { identifier: { system: SUBJECT, value: consent.subject } },
    date: String(doc.given ?? consent.recorded).slice(0, 10),
    controller: [member(consent.recordedBy)],
    ...(doc.period ? { period: doc.period } : {}),
    decision: doc.decision === 'deny' ? 'deny' : 'permit',
    ...(provisions.length ? { provision: provisions.map(provision) } : {}),
    ...(consent.withdrawnAt ? { extension: [{ url: 'https://nrx.exchange/fhir/consent-withdrawn-at', valueDateTime: consent.withdrawnAt }] } : {}),
  };
}

/** Resources as NDJSON: one JSON object a line (FHIR Bulk Data). */
export function* ndjson(resources: Iterable<unknown>): Generator<string> {
  for (const resource of resources) yield `${JSON.stringify(resource)}\n`;
}
