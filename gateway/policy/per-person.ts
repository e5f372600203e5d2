/**
 * Whether the agreements give a recipient per-person access for a purpose at all: some clause in
 * force for that purpose names the recipient (or its class, country or agency type) and the
 * caller's role. Without one, a request about many people at once is a bulk request, answered only
 * with statistics (gateway/server/bulk-requests.ts).
 */
import { DEFAULT_CLAUSE_ROLES } from './engine.ts';
import { anyActorMatches, periodCovers } from './match.ts';
import type { DataSharingAgreement, PolicyActor } from './types.ts';

export interface PerPersonQuestion {
  recipient: PolicyActor;
  purpose: string;
  role: string;
  at: Date;
}

export function grantsPerPersonAccess(agreements: readonly DataSharingAgreement[], question: PerPersonQuestion): boolean {
  const at = question.at.getTime();
  return agreements.some((agreement) =>
    periodCovers(agreement.validPeriod, at) &&
    agreement.clauses.some((clause) =>
      clause.purpose === question.purpose && anyActorMatches(clause.to, question.recipient) && (clause.roles ?? DEFAULT_CLAUSE_ROLES).includes(question.role as never)));
}
