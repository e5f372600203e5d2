/**
 * What the GraphQL API needs from the gateway behind it. The schema only maps GraphQL to these
 * calls; who may see or do what is decided behind them.
 */
import type { TrustedMember } from '../../gateway/auth/types.ts';
import type { AuthenticatedRequest } from '../../gateway/request/context.ts';
import type { StoredConsent, StoredReferral, StoredStatusUpdate } from '../../gateway/store/types.ts';

export interface ReferralListFilter {
  status?: string;
  purpose?: string;
  subject?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Conditions on document fields, evaluated over what the caller may read. */
  where?: Array<{ pointer: string; equals: unknown }>;
}

export interface DisclosurePreviewRow {
  pointer: string;
  description?: string;
  fieldGroup?: string;
  decision: 'release' | 'transform' | 'withhold';
  transform?: string;
  consent?: string;
  agreement?: string;
  legalBasis?: string;
  reason?: string;
  explanation?: string;
}

export interface DisclosurePreviewResult {
  subject: string;
  recipient: string;
  purpose: string;
  crossBorder: boolean;
  overrides: string[];
  fields: DisclosurePreviewRow[];
}

export interface MemberFilter {
  country?: string;
  memberClass?: string;
  agencyType?: string;
}

export interface SubjectCase {
  subject: string;
  referralsSent: StoredReferral[];
  referralsReceived: StoredReferral[];
  consents: StoredConsent[];
  /** Her references as the agencies' systems know them (the stored one behind a pseudonym the caller was given). */
  references: string[];
}

/** One case of hers in an agency's own system, reached through a connector; `sections` has the referral's shape. */
export interface AgencyRecord {
  connector: string;
  /** The member whose system holds it. */
  member: string;
  /** Her reference as that system knows it. */
  subject: string;
  localCaseNumber?: string;
  sections: Record<string, unknown>;
}

export type { ConnectorErrorReport } from '../../gateway/request/context.ts';

/** Every call acts for one authenticated request (gateway/request/context.ts): who asked, and what answering it records. */
export interface GatewayOperations {
  /** The referral, when the caller is its sender or recipient; null otherwise (existence is not revealed). */
  referral(request: AuthenticatedRequest, id: string): Promise<StoredReferral | null>;
  /** One page of the caller's sent or received referrals, newest first; `limit` rows at most. */
  referrals(request: AuthenticatedRequest, side: 'sent' | 'received', filter: ReferralListFilter, limit: number, afterSeq?: number): Promise<StoredReferral[]>;
  statusHistory(request: AuthenticatedRequest, referral: StoredReferral): Promise<StoredStatusUpdate[]>;
  subjectCase(request: AuthenticatedRequest, subject: string): Promise<SubjectCase>;
  /** Several case views at once; a bulk request (many subjects) may be refused. */
  subjectCases(request: AuthenticatedRequest, subjects: string[]): Promise<SubjectCase[]>;
  /**
   * Her cases in the agencies' own systems that the caller may read something of. Calls made in
   * the same tick (one per item of a list of case views) are gathered into one call per connector.
   */
  agencyRecords(request: AuthenticatedRequest, subjectCase: SubjectCase): Promise<AgencyRecord[]>;
  members(filter: MemberFilter): TrustedMember[];
  member(id: string): TrustedMember | null;
  submitReferral(request: AuthenticatedRequest, document: unknown): Promise<StoredReferral>;
  respondToReferral(request: AuthenticatedRequest, input: { id: string; decision: 'accept' | 'decline'; reasons: string[]; note?: string }): Promise<StoredReferral>;
  postStatusUpdate(request: AuthenticatedRequest, referralId: string, document: unknown): Promise<StoredStatusUpdate>;
  recordConsent(request: AuthenticatedRequest, document: unknown): Promise<StoredConsent>;
  withdrawConsent(request: AuthenticatedRequest, id: string, at?: string): Promise<StoredConsent>;
  /** What `recipient` would receive of her referral from the caller for `purpose`, field by field. */
  disclosurePreview(request: AuthenticatedRequest, input: { subject: string; recipient: string; purpose: string }): Promise<DisclosurePreviewResult>;
}
