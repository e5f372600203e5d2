/**
 * Field-level policy: views of records (gateway/policy) and what the audit trail records of them
 * (gateway/audit), and the bulk requests the agreements allow. Absent where no policy is enforced.
 * A bad agreement or key fails start-up like a bad database.
 */
import type { TrustList } from '../../auth/types.ts';
import type { GatewayConfig } from '../../config/types.ts';
import { disclosureRecorder, type DisclosureRecorder } from '../../audit/disclosure-records.ts';
import { readAgreements } from '../../policy/agreements.ts';
import { createDocumentViews, type DocumentViews } from '../../policy/document-views.ts';
import { grantsPerPersonAccess } from '../../policy/per-person.ts';
import { agreementFilesIn, gatewayPolicy } from '../../policy/setup.ts';
import type { ViewBuilder } from '../../policy/views.ts';
import type { StoredConsent } from '../../store/index.ts';
import type { Spec } from '../../../lib/spec/types.ts';
import { bulkRequests, type BulkRequests } from '../bulk-requests.ts';

export interface EnforcedPolicy {
  /** The policy's two long-lived halves, and the document views built on the first. */
  policy: { views: ViewBuilder; recorder: DisclosureRecorder; documents: DocumentViews };
  /** Bulk requests are refused where the policy is enforced, by the agreements it enforces. */
  bulk: BulkRequests;
}

/** The agreements in the configured folder, read afresh (none when no folder is configured). */
export const configuredAgreements = (config: GatewayConfig, spec: Spec) =>
  config.policy?.agreementsDir ? readAgreements(agreementFilesIn(config.policy.agreementsDir), spec) : [];

export function setUpPolicy(input: {
  config: GatewayConfig;
  spec: Spec;
  trustList: TrustList;
  consentsFor(subject: string): Promise<StoredConsent[]>;
}): EnforcedPolicy | undefined {
  const { config, spec } = input;
  const views = gatewayPolicy({ config, spec, trustList: input.trustList, consentsFor: input.consentsFor });
  if (!views) return undefined;
  const agreements = configuredAgreements(config, spec);
  const bulk = bulkRequests({
    maxSubjects: config.statistics.bulk.maxSubjects,
    perPersonAccess: (p) => grantsPerPersonAccess(agreements, { recipient: p.member, purpose: p.purpose, role: p.role, at: new Date() }),
  });
  return { policy: { views, recorder: disclosureRecorder(), documents: createDocumentViews(views) }, bulk };
}
