/**
 * What the GraphQL API needs from the gateway behind it. The schema only maps GraphQL to these
 * calls; who may see or do what is decided behind them.
 */
import type { Principal, TrustedMember } from '../../gateway/auth/types.ts';
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
}

export interface GatewayOperations {
  /** The referral, when the caller is its sender or recipient; null otherwise (existence is not revealed). */
  referral(principal: Principal, id: string): Promise<StoredReferral | null>;
  /** One page of the caller's sent or received referrals, newest first; `limit` rows at most. */
  referrals(principal: Principal, side: 'sent' | 'received', filter: ReferralListFilter, limit: number, afterSeq?: number): Promise<StoredReferral[]>;
  statusHistory(principal: Principal, referral: StoredReferral): Promise<StoredStatusUpdate[]>;
  subjectCase(principal: Principal, subject: string): Promise<SubjectCase>;
  members(filter: MemberFilter): TrustedMember[];
  member(id: string): TrustedMember | null;
  submitReferral(principal: Principal, document: unknown): Promise<StoredReferral>;
  respondToReferral(principal: Principal, input: { id: string; decision: 'accept' | 'decline'; reasons: string[]; note?: string }): Promise<StoredReferral>;
  postStatusUpdate(principal: Principal, referralId: string, document: unknown): Promise<StoredStatusUpdate>;
  recordConsent(principal: Principal, document: unknown): Promise<StoredConsent>;
  withdrawConsent(principal: Principal, id: string, at?: string): Promise<StoredConsent>;
  /** What `recipient` would receive of her referral from the caller for `purpose`, field by field. */
  disclosurePreview(principal: Principal, input: { subject: string; recipient: string; purpose: string }): Promise<DisclosurePreviewResult>;
}
