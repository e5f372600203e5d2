/**
 * The vocabulary of the policy engine: agreements and consents as it reads them, the request it
 * decides, and the per-field decisions it returns. Decisions carry bases and reason codes, never
 * personal data.
 */

/** A description of recipients or providers, as in a consent provision's actors. */
export interface ActorMatch {
  member?: string;
  memberClass?: string;
  country?: string;
  agencyType?: string;
}

/** The parts of a federation member the engine matches on (gateway/auth TrustedMember fits). */
export interface PolicyActor {
  id: string;
  country: string;
  memberClass: string;
  agencyType: string;
}

export interface Period {
  start: string;
  end?: string;
}

export interface TransformRule {
  fieldGroups?: string[];
  paths?: string[];
  use: string[];
}

export interface AgreementClause {
  id: string;
  description?: string;
  purpose: string;
  from?: ActorMatch[];
  to: ActorMatch[];
  roles?: string[];
  fieldGroups?: string[];
  paths?: string[];
  transforms?: TransformRule[];
  crossBorder?: boolean;
  requiresConsent?: boolean;
  legalBasis?: string;
  acceptsLegalBases?: string[];
}

export interface DataSharingAgreement {
  kind: 'data-sharing-agreement';
  specVersion: string;
  id: string;
  version: string;
  title: string;
  legalReference?: string;
  parties: ActorMatch[];
  validPeriod: Period;
  clauses: AgreementClause[];
}

export interface ConsentProvision {
  type: 'permit' | 'deny';
  actors?: ActorMatch[];
  purposes?: string[];
  fieldGroups?: string[];
  paths?: string[];
  period?: Period;
  provisions?: ConsentProvision[];
}

export interface ConsentRecord {
  kind?: 'consent-record';
  id: string;
  subject?: string;
  decision: 'permit' | 'deny';
  state: string;
  provisional?: { reason: string; confirmBy: string; confirmedBy?: string };
  given: string;
  period?: Period;
  provisions?: ConsentProvision[];
  withdrawal?: { at: string; by: string };
  supersedes?: string;
  [other: string]: unknown;
}

/** A legal basis that stands without consent and the minimal fields it allows. */
export interface LegalBasisEntry {
  code: string;
  /** The purposes the basis can serve. */
  purposes: string[];
  fieldGroups?: string[];
  paths?: string[];
  /** Generalised forms its fields must take. */
  transforms?: TransformRule[];
}

export interface DecisionRequest {
  recipient: PolicyActor;
  purpose: string;
  /** The staff role at the recipient (gateway/auth/roles.ts). */
  role: string;
  /** Every consent record of the subject; the engine works out which are in force at `now`. */
  consents: readonly ConsentRecord[];
  /** A legal basis other than consent that the request invokes. */
  legalBasis?: string;
  now: Date;
  /** True when the recipient's country differs from the data controller's. */
  crossBorder: boolean;
  /** The data controller (the member whose data these are); clauses with `from` match on it. */
  controller?: PolicyActor;
  /** A caller-kept version of the consent set; computed from the records when absent. */
  consentSetVersion?: string;
}

export const REASONS = [
  'NO_AGREEMENT',
  'AGREEMENT_NOT_IN_FORCE',
  'AGREEMENT_EXCLUDES',
  'CROSS_BORDER_NOT_AGREED',
  'NO_CONSENT',
  'CONSENT_DENIES',
  'CONSENT_WITHDRAWN',
  'CONSENT_EXPIRED',
  'LEGAL_BASIS_NOT_AGREED',
  'LEGAL_BASIS_EXCLUDES',
  'CROSS_BORDER_IDENTITY',
  'ROLE_NOT_ALLOWED',
  'SPECIAL_CATEGORY_STATISTICS',
  'STATISTICS_AGGREGATE_ONLY',
  'TRANSFORM_NOT_APPLICABLE',
  'UNKNOWN_FIELD',
] as const;
export type ReasonCode = (typeof REASONS)[number];

export interface Basis {
  agreement?: { id: string; version: string; clause: string };
  consent?: { id: string; provision: string };
  legalBasis?: string;
}

export type Action = 'release' | 'transform' | 'withhold';

/**
 * What would release a withheld field: the change to the agreements, her consent or the request
 * that lifts this reason. Names field groups, purposes, members and clauses, never values.
 */
export interface ReleaseCondition {
  /** The field groups (spec/v1/field-groups.json) the field belongs to: what a clause, a legal basis or a consent provision must name. */
  fieldGroups?: string[];
  /** A data-sharing agreement clause that must exist or change; `clauses` names the clauses that apply today, when there are any. */
  agreementClause?: {
    purpose: string;
    to: ActorMatch[];
    clauses?: string[];
    fieldGroups?: string[];
    crossBorder?: true;
    roles?: string[];
    acceptsLegalBases?: string[];
    /** The agreement must be in force at the time of the request (its validPeriod). */
    inForce?: true;
  };
  /** A consent provision she would have to give (or give again): permit, for this purpose, to this recipient, over these groups. */
  consentProvision?: { type: 'permit'; purposes: string[]; actors: ActorMatch[]; fieldGroups: string[] };
  /** Roles that may see case data at all. */
  roles?: string[];
  /** Nothing releases it: statistics get aggregates only; a field outside the standard is never sent. */
  never?: true;
}

export interface FieldDecision {
  /** The catalogue pointer (`*` for every array item). */
  pointer: string;
  action: Action;
  transform?: string;
  /** When the transform is applied to an enclosing field, that field's pointer. */
  via?: string;
  reason?: ReasonCode;
  /** For a withheld field: what would release it. */
  release?: ReleaseCondition;
  basis?: Basis;
}

export interface DpoFlag {
  code: 'LEGAL_BASIS_OVERRIDE';
  legalBasis: string;
  /** True when her consent records deny some of these fields and the basis overrode them. */
  overridesDenial: boolean;
  pointers: string[];
}
