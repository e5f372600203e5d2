/** What the store keeps, as the gateway sees it. Timestamps are ISO 8601 strings in UTC. */
import type { ConsentRecord, Referral, ReferralStatusUpdate } from '../../schema/generated/nrx.d.ts';

export interface StoredReferral {
  id: string;
  sender: string;
  recipient: string;
  purpose: string;
  subject: string;
  status: string;
  created: string;
  updated: string;
  /** The document as submitted, valid against the spec (checked before it is stored). */
  document: Referral;
  /** Insertion order; the pagination cursor. */
  seq: number;
  /**
   * The member that controls this copy when it is not the sender: a referral received from a peer
   * gateway is held by its recipient (gateway/federation/receive.ts).
   */
  holder?: string;
}

export interface StoredStatusUpdate {
  id: string;
  referralId: string;
  author: string;
  status: string;
  at: string;
  document: ReferralStatusUpdate;
}

export interface StoredConsent {
  id: string;
  subject: string;
  recordedBy: string;
  recorded: string;
  withdrawnAt: string | null;
  /** The record as submitted, valid against the spec (checked before it is stored). */
  document: ConsentRecord;
}

/**
 * A document to store, as the caller validated it against the spec (the store does not check it
 * again, and hands it back typed as the spec's object).
 */
type Submitted<T extends { document: unknown }> = Omit<T, 'document'> & { document: Record<string, unknown> };

export type NewReferral = Submitted<Omit<StoredReferral, 'seq'>>;
export type NewStatusUpdate = Submitted<StoredStatusUpdate>;
export type NewConsent = Submitted<StoredConsent>;
