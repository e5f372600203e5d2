/** What the referral workflow's operations (read-operations.ts, write-operations.ts) are built from. */
import type { TrustList } from '../auth/types.ts';
import type { Validator } from '../../lib/validator/index.ts';
import type { Spec } from '../../lib/spec/types.ts';
import type { PeerCases } from '../federation/peer-cases.ts';
import type { CaseGatherer } from '../../connectors/fanout.ts';
import type { DisclosureRecorder } from '../audit/disclosure-records.ts';
import type { ViewBuilder } from '../policy/views.ts';
import type { DocumentViews } from '../policy/document-views.ts';
import type { Store, StoredConsent } from '../store/index.ts';
import type { Outbound } from '../federation/outbound.ts';
import type { Directory } from '../directory/directory.ts';
import type { BulkRequests } from './bulk-requests.ts';

export interface OperationsOptions {
  spec: Spec;
  store: Store;
  trustList: TrustList;
  validator: Validator;
  now?: () => Date;
  /** Field-level policy; without it every party reads every field of its records (enforcement off). */
  policy?: { views: ViewBuilder; recorder: DisclosureRecorder; documents?: DocumentViews };
  /** Her consent records as the policy reads them (consent-cache.ts: dropped on every change); the store's when absent. */
  consentsFor?: (subject: string) => Promise<StoredConsent[]>;
  /** Called after a consent record changes, so that a cache drops her records. */
  onConsentChange?: (subject: string) => void | Promise<void>;
  /**
   * Members hosted by peer gateways: their referrals and status updates are signed and queued in the
   * outbox in the write's own transaction; `queued` wakes the delivery worker once it has committed.
   */
  federation?: { outbound: Outbound; queued(): void };
  /** The agencies' own systems: the fan-out over the connectors and the member each connector belongs to. */
  agencies?: { gatherer: CaseGatherer; memberOf: ReadonlyMap<string, string> };
  /** The service directory, whose services' referral rules a referral naming one must meet. */
  directory?: Directory;
  /** Refuses bulk requests from callers without per-person access (bulk-requests.ts); none refused when absent. */
  bulk?: BulkRequests;
  /** Her records at peer gateways, for her case view (gateway/federation/peer-cases.ts). */
  peerCases?: PeerCases;
}
