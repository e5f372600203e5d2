/** What the service directory keeps and answers, as the rest of the gateway sees it. */
import type { Service } from '../../schema/generated/nrx.d.ts';
import { NrxError } from '../../lib/errors.ts';

/**
 * Who made an entry: a member through the API, the configuration's services file, a connector
 * (`connector:<name>`) or an HSDS import. A start-up reload replaces exactly its own source's entries.
 */
export type ServiceSource = 'member' | 'config' | 'import' | `connector:${string}`;

export interface PublishedService {
  id: string;
  organization: string;
  source: ServiceSource;
  /** When this gateway last stored it (ISO 8601, UTC). */
  updated: string;
  /** The spec's service document, valid against the spec (checked before it is stored). */
  document: Service;
}

/** The eligibility profiles a search can ask for, each read from the service's eligibility object. */
export const ELIGIBILITY_PROFILES = ['adult-man', 'woman', 'child', 'family-with-children', 'lgbtiq', 'disability'] as const;
export type EligibilityProfile = (typeof ELIGIBILITY_PROFILES)[number];

/** The member a search asks on behalf of, as the trust list describes it (who may refer). */
export interface Referrer {
  id: string;
  country: string;
  memberClass: string;
  agencyType: string;
}

/** A directory search; every condition given must hold. */
export interface ServiceQuery {
  /** Any of these categories, each with everything below it in the taxonomy (medical finds medical.addiction-treatment). */
  categories?: string[];
  country?: string;
  /** A first-level region; a service covering the whole country matches too. */
  region?: string;
  /** Every profile given must be eligible. */
  eligibility?: EligibilityProfile[];
  /** Spoken by staff, or covered by interpretation. */
  language?: string;
  /** Active now, and with a free place when it counts places. */
  available?: boolean;
  /** Only services this member may refer to. */
  referrer?: Referrer;
  /** Only this organisation's services. */
  organization?: string;
}

export interface ServiceHit {
  service: PublishedService;
  /** Higher is a better match (see ranking.ts); equal scores are ordered by name, then id. */
  score: number;
  /** What a case worker should see before referring, such as `conditional-on-cooperation`. */
  flags: string[];
}

export interface SearchPage {
  hits: ServiceHit[];
  /** How many services match in all. */
  total: number;
}

export type DirectoryErrorCode = 'BAD_USER_INPUT' | 'SERVICE_NOT_OWNED' | 'SERVICE_LOCATION_SECRET' | 'SERVICE_REFERRAL_REFUSED' | 'SERVICE_UNKNOWN' | 'HSDS_FEED_INVALID' | 'NOT_FOUND';

export class DirectoryError extends NrxError<DirectoryErrorCode> {}
