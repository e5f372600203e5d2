/**
 * FHIR views of the audit trail: entries as AuditEvent shaped like IHE Basic Audit Log Patterns'
 * privacy disclosure (BALP PrivacyDisclosure), consent records as Consent, and NDJSON for bulk.
 *
 * One FHIR version throughout: R4 (4.0.1). BALP profiles R4's AuditEvent, and R4 is the version
 * whose official JSON Schema a registry package ships (the export is proven valid against it by a
 * test); R5's Consent is closer to the standard's model, but mixing the two in one Bundle is what
 * no FHIR server accepts. Nothing of an NRX consent is dropped on the way: the base decision is the
 * root provision's type, every nested provision keeps its own type, actors (a member or a class of
 * members), purposes, field groups, paths and period.
 */
import { basesOfField, type AuditEntry } from '../audit/entry.ts';
import type { StoredConsent } from '../store/types.ts';

export const FHIR_VERSION = '4.0.1';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const AUDIT_ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const LIFECYCLE = 'http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const PURPOSE = 'https://nrx.exchange/spec/v1/codelists/purpose';
const FIELD_GROUP = 'https://nrx.exchange/spec/v1/codelists/field-group';
const MEMBER = 'https://nrx.exchange/member-id';
const SUBJECT = 'https://nrx.exchange/subject-reference';
const EVENT = 'https://nrx.exchange/audit-event-type';
const EXTENSION = 'https://nrx.exchange/fhir/StructureDefinition';
export const BALP_PRIVACY_DISCLOSURE = 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure';

type Resource = Record<string, unknown>;
type Json = Record<string, any>;

const member = (id: string) => ({ identifier: { system: MEMBER, value: id }, display: id });
const nonEmpty = <T>(key: string, items: T[]): Record<string, T[]> => (items.length ? { [key]: items } : {});

/** One audit entry as a FHIR R4 AuditEvent (as BALP profiles it). */
export function auditEvent(entry: AuditEntry, gateway: string): Resource {
  const disclosure = entry.type === 'disclosure-decision' || entry.type === 'override';
  const recipient = typeof entry.details?.recipient === 'string' ? entry.details.recipient : entry.requester;
  const fields = entry.fields ?? [];
  const detail = (f: (typeof fields)[number]) => {
    const why = f.decision === 'withheld' ? f.reason : basesOfField(f).join(' ') || undefined;
    return { type: f.decision, valueString: `${f.path}${f.group ? ` [${f.group}]` : ''}${why ? ` (${why})` : ''}` };
  };
  return {
    resourceType: 'AuditEvent',
    id: `nrx-audit-${entry.id}`,
    ...(disclosure ? { meta: { profile: [BALP_PRIVACY_DISCLOSURE] } } : {}),
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
    ...nonEmpty('entity', [
      ...(entry.subject
        ? [{ what: { identifier: { system: SUBJECT, value: entry.subject } }, type: { system: AUDIT_ENTITY_TYPE, code: '1', display: 'Person' }, role: { system: OBJECT_ROLE, code: '1', display: 'Patient' } }]
        : []),
      ...(fields.length || entry.payloadHash
        ? [{
            type: { system: AUDIT_ENTITY_TYPE, code: '2', display: 'System Object' },
            role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
            ...(entry.payloadHash ? { what: { identifier: { system: 'urn:nrx:sha256', value: entry.payloadHash } } } : {}),
            ...(entry.operationHash ? { query: Buffer.from(entry.operationHash).toString('base64') } : {}),
            // Released and transformed fields first, then the withheld ones, each with its basis or reason.
            ...nonEmpty('detail', [...fields.filter((f) => f.decision !== 'withheld'), ...fields.filter((f) => f.decision === 'withheld')].map(detail)),
          }]
        : []),
    ]),
  };
}

/** NRX consent states as R4 Consent.status; anything no longer in force is inactive. */
const CONSENT_STATUS: Record<string, string> = { active: 'active', withdrawn: 'inactive', superseded: 'inactive', expired: 'inactive', 'entered-in-error': 'entered-in-error' };

/** Who a provision applies to: one member by id, or a class of members by what they match. */
function actor(match: Json): Json {
  const role = { coding: [{ system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }] };
  if (typeof match.member === 'string') return { role, reference: member(match.member) };
  const terms = (['memberClass', 'country', 'agencyType'] as const).filter((k) => typeof match[k] === 'string');
  return {
    extension: [{ url: `${EXTENSION}/consent-actor-match`, extension: terms.map((k) => ({ url: k, valueCode: String(match[k]) })) }],
    role,
    reference: { display: terms.map((k) => `${k}=${match[k]}`).join(', ') || 'any member' },
  };
}

function provision(p: Json): Json {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return {
    ...nonEmpty('extension', list(p.paths).map((path) => ({ url: `${EXTENSION}/consent-provision-path`, valueString: String(path) }))),
    type: p.type === 'deny' ? 'deny' : 'permit',
    ...(p.period ? { period: p.period } : {}),
    ...nonEmpty('actor', list(p.actors).filter((a): a is Json => typeof a === 'object' && a !== null).map(actor)),
    ...nonEmpty('securityLabel', list(p.fieldGroups).map((code) => ({ system: FIELD_GROUP, code: String(code) }))),
    ...nonEmpty('purpose', list(p.purposes).map((code) => ({ system: PURPOSE, code: String(code) }))),
    ...nonEmpty('provision', list(p.provisions).filter((n): n is Json => typeof n === 'object' && n !== null).map(provision)),
  };
}

/** Who gave it: her, or her guardian or representative (an agency when one is named; never the relationship's words). */
function performer(consent: StoredConsent, grantor: Json | undefined): Json {
  if (!grantor || grantor.type === 'self') return { identifier: { system: SUBJECT, value: consent.subject } };
  const agency = typeof grantor.actor?.member === 'string' ? member(grantor.actor.member) : {};
  return { ...agency, display: String(grantor.type) };
}

/** A consent record as a FHIR R4 Consent. */
export function consentResource(consent: StoredConsent): Resource {
  const doc = consent.document as Json;
  const state = consent.withdrawnAt ? 'withdrawn' : String(doc.state ?? 'active');
  const extension = [
    { url: `${EXTENSION}/consent-state`, valueCode: state },
    ...(doc.grantor?.type ? [{ url: `${EXTENSION}/consent-grantor-type`, valueCode: String(doc.grantor.type) }] : []),
    // The child's own view is kept apart from the decision her guardian took; her words stay home.
    ...(doc.childView?.view ? [{ url: `${EXTENSION}/consent-child-view`, valueCode: String(doc.childView.view) }] : []),
    ...(doc.provisional?.confirmBy ? [{ url: `${EXTENSION}/consent-provisional-until`, valueDate: String(doc.provisional.confirmBy) }] : []),
    ...(consent.withdrawnAt ? [{ url: `${EXTENSION}/consent-withdrawn-at`, valueDateTime: consent.withdrawnAt }] : []),
    ...(typeof doc.supersedes === 'string' ? [{ url: `${EXTENSION}/consent-supersedes`, valueString: doc.supersedes }] : []),
  ];
  return {
    resourceType: 'Consent',
    id: consent.id,
    extension,
    status: CONSENT_STATUS[state] ?? 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { identifier: { system: SUBJECT, value: consent.subject } },
    dateTime: String(doc.given ?? consent.recorded),
    performer: [performer(consent, doc.grantor)],
    organization: [member(consent.recordedBy)],
    // R4 wants the rule the consent refines: opt-in where the base decision is deny, opt-out where it is permit.
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: doc.decision === 'permit' ? 'OPTOUT' : 'OPTIN' }] },
    provision: {
      type: doc.decision === 'permit' ? 'permit' : 'deny',
      ...(doc.period ? { period: doc.period } : {}),
      ...nonEmpty('provision', (Array.isArray(doc.provisions) ? doc.provisions : []).map(provision)),
    },
  };
}

/** Resources as one FHIR R4 collection Bundle that states its version. */
export function bundle(resources: Resource[], at = new Date()): Resource {
  return {
    resourceType: 'Bundle',
    meta: { tag: [{ system: 'http://hl7.org/fhir/FHIR-version', code: FHIR_VERSION }] },
    type: 'collection',
    timestamp: at.toISOString(),
    ...nonEmpty('entry', resources.map((resource) => ({ fullUrl: `urn:nrx:${String(resource.resourceType)}/${String(resource.id)}`, resource }))),
  };
}

/** Resources as NDJSON: one JSON object a line (FHIR Bulk Data). */
export function* ndjson(resources: Iterable<unknown>): Generator<string> {
  for (const resource of resources) yield `${JSON.stringify(resource)}\n`;
}
