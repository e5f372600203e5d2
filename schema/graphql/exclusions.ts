/**
 * Spec properties the GraphQL API does not serve, each with the reason. The coverage test fails
 * for any spec property that is neither reachable from Query/Mutation nor listed here.
 */
export interface SpecExclusion {
  /** Matches `<schema $id>#<JSON pointer>` locations. */
  match: RegExp;
  reason: string;
}

export const SPEC_EXCLUSIONS: SpecExclusion[] = [
  {
    match: /^https:\/\/nrx\.exchange\/spec\/v1\/peer-[a-z-]+\.schema\.json#/,
    reason: 'The peer protocol\'s messages (envelopes, receipts, errors) travel between gateways under /peer/v1 as signed JWS; a referral\'s deliveries and receipts are served by `deliveries`, not the messages themselves.',
  },
  {
    match: /^https:\/\/nrx\.exchange\/spec\/v1\/trust-list\.schema\.json#/,
    reason: 'The trust list envelope is read at start-up; its members are served by `members`, its signature metadata is not a query result.',
  },
  {
    match: /^https:\/\/nrx\.exchange\/spec\/v1\/data-sharing-agreement\.schema\.json#/,
    reason: 'Data-sharing agreements configure field-level policy (the consent-enforcement issue); no query serves them yet.',
  },
  {
    match: /^https:\/\/nrx\.exchange\/spec\/v1\/peer-(referral-envelope|status-envelope|receipt|error)\.schema\.json#/,
    reason: 'The peer protocol\'s messages travel between gateways (POST /peer/v1/*); GraphQL serves what they carry as referrals, status updates and `deliveries` (with the receipt).',
  },
  {
    match: /\/not\//,
    reason: 'Properties inside `not` name what must be absent (a constraint), so there is never a value to serve.',
  },
];

export function isExcluded(location: string): boolean {
  return SPEC_EXCLUSIONS.some((e) => e.match.test(location));
}
