/** What the store keeps, as the gateway sees it. Timestamps are ISO 8601 strings in UTC. */

export interface StoredReferral {
  id: string;
  sender: string;
  recipient: string;
  purpose: string;
  subject: string;
  status: string;
  created: string;
  updated: string;
  document: Record<string, unknown>;
  /** Insertion order; the pagination cursor. */
  seq: number;
}

export interface StoredStatusUpdate {
  id: string;
  referralId: string;
  author: string;
  status: string;
  at: string;
  document: Record<string, unknown>;
}

export interface StoredConsent {
  id: string;
  subject: string;
  recordedBy: string;
  recorded: string;
  withdrawnAt: string | null;
  document: Record<string, unknown>;
}
