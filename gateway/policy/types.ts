/**
 * The vocabulary of the policy engine: agreements and consents as it reads them, the request it
 * decides, and the per-field decisions it returns. Decisions carry bases and reason codes, never
 * personal data.
 */

import type * as Spec from '../../schema/generated/nrx.d.ts';

/** A description of recipients or providers, as in a consent provision's actors. */
export type ActorMatch = Spec.ConsentRecordActorMatch;

/** The parts of a federation member the engine matches on (gateway/auth TrustedMember fits). */
export interface PolicyActor {
  id: string;
  country: string;
  memberClass: string;
  agencyType: string;
}

// The spec's objects, as generated from it (schema/generated/nrx.d.ts): a spec change the engine
// does not follow fails the type check here.
export type Period = Spec.Period;
export type TransformRule = Spec.DataSharingAgreementTransformRule;
export type AgreementClause = Spec.DataSharingAgreementClause;
export type DataSharingAgreement = Spec.DataSharingAgreement;
export type ConsentProvision = Spec.ConsentRecordProvision;

/**
 * A consent record as the engine reads it: the spec's, with only the members the decision needs
 * required (a record held by the gateway was validated against the full schema when it came in).
 */
export type ConsentRecord = Pick<Spec.ConsentRecord, 'id' | 'decision' | 'state' | 'given'> &
  Partial<Pick<Spec.ConsentRecord, 'kind' | 'subject' | 'provisional' | 'period' | 'provisions' | 'supersedes' | 'grantor' | 'childView'>> & {
    /** The store also records a withdrawal whose grantor it was not told. */
    withdrawal?: Omit<NonNullable<Spec.ConsentRecord['withdrawal']>, 'by'> & { by: Spec.ConsentGrantor | 'unknown' };
    [other: string]: unknown;
  };

/** A legal basis that stands without consent and the minimal fields it allows. */
export interface LegalBasisEntry {
  code: Spec.LegalBasis;
  /** The purposes the basis can serve. */
  purposes: Spec.Purpose[];
  fieldGroups?: Spec.FieldGroup[];
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
  /** True when the subject is a minor (minors.ts reads it from her record): clauses' minorConsent then apply. */
  minor?: boolean;
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
  'FIREWALL',
  'GUARDIAN_CONSENT_REQUIRED',
  'CHILD_VIEW_REQUIRED',
  'CONSENT_RECORD_PRIVATE',
] as const;
export type ReasonCode = (typeof REASONS)[number];

export interface Basis {
  agreement?: { id: string; version: string; clause: string };
  consent?: { id: string; provision: string };
  /** Every consent record the release rested on, when it needed more than one (a child's guardian and her own). */
  consents?: readonly { id: string; provision: string }[];
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
    /** The clause must name the recipient or its agency type explicitly (the assistance–police firewall). */
    explicit?: true;
  };
  /** A consent provision she would have to give (or give again): permit, for this purpose, to this recipient, over these groups. */
  consentProvision?: { type: 'permit'; purposes: string[]; actors: ActorMatch[]; fieldGroups: string[]; grantor?: 'guardian' | 'self' };
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
