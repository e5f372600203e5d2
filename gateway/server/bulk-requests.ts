/**
 * Bulk requests: a request that names more subjects than `statistics.bulk.maxSubjects`, or selects
 * received referrals by attribute (a `where` condition on document fields), from a member whose
 * agreements give it no per-person access for the token's purpose (gateway/policy/per-person.ts),
 * is refused with BULK_REQUEST_REFUSED, whose message points to the statistics query. The refusal
 * is noted in the request context, and the audit plugin records it as one `query-refused` entry
 * with its scope. The read operations' list entry points call `check`; nothing else decides it.
 */
import type { Principal } from '../auth/types.ts';
import type { BulkRefusal, RequestContext } from '../request/context.ts';
import { NrxError } from '../../lib/errors.ts';

export interface BulkRequestOptions {
  /** A request naming more subjects than this is a bulk request. */
  maxSubjects: number;
  /** Whether the caller's agreements give it per-person access for its token's purpose and role. */
  perPersonAccess(principal: Principal): boolean;
}

export interface BulkRequests {
  /** Refuses the request when its scope makes it a bulk request the caller may not make. */
  check(request: RequestContext & { principal: Principal }, scope: BulkRefusal): void;
}

export function bulkRequests(options: BulkRequestOptions): BulkRequests {
  return {
    check(request, scope) {
      const many = (scope.subjects ?? 0) > options.maxSubjects;
      const byAttribute = (scope.attributes?.length ?? 0) > 0;
      if ((!many && !byAttribute) || options.perPersonAccess(request.principal)) return;
      request.bulk = scope;
      const what = many ? `${scope.subjects} subjects at once (more than ${options.maxSubjects})` : `referrals selected by ${scope.attributes!.join(', ')}`;
      throw new NrxError(
        'BULK_REQUEST_REFUSED',
        `${scope.field} asks for ${what}, and no agreement gives ${request.principal.member.id} per-person access for purpose ${request.principal.purpose}: ask the statistics query (statistics(measure, dimensions) with a statistics token, or GET /stats/table.csv) for counts instead`,
      );
    },
  };
}
