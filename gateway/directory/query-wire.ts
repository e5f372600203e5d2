/**
 * A directory search as it travels between gateways (JSON): written by the asking gateway, read and
 * checked by the peer, which refuses a malformed one with BAD_USER_INPUT rather than guessing.
 */
import { ELIGIBILITY_PROFILES, DirectoryError, type EligibilityProfile, type Referrer, type ServiceQuery } from './types.ts';

const MAX_CATEGORIES = 50;
const isText = (value: unknown, max = 200): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

function bad(what: string): never {
  throw new DirectoryError('BAD_USER_INPUT', `the directory search is malformed: ${what}`);
}

function readReferrer(value: unknown): Referrer {
  const r = value as Partial<Referrer> | null;
  if (!r || typeof r !== 'object' || !isText(r.id) || !isText(r.country, 2) || !isText(r.memberClass, 20) || !isText(r.agencyType, 60)) bad('referrer needs id, country, memberClass and agencyType');
  return { id: r.id, country: r.country, memberClass: r.memberClass, agencyType: r.agencyType };
}

/** The search a peer sent, checked field by field; unknown fields are refused, so nothing is silently ignored. */
export function readServiceQuery(value: unknown): ServiceQuery {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad('expected an object');
  const given = value as Record<string, unknown>;
  const query: ServiceQuery = {};
  for (const [key, v] of Object.entries(given)) {
    if (v === undefined || v === null) continue;
    switch (key) {
      case 'categories':
        if (!Array.isArray(v) || v.length > MAX_CATEGORIES || !v.every((c) => isText(c, 100))) bad('categories must be a list of codes');
        query.categories = v as string[];
        break;
      case 'country':
      case 'region':
      case 'language':
      case 'organization':
        if (!isText(v)) bad(`${key} must be a non-empty string`);
        query[key] = v;
        break;
      case 'eligibility':
        if (!Array.isArray(v) || !v.every((p) => (ELIGIBILITY_PROFILES as readonly unknown[]).includes(p))) bad(`eligibility must list profiles of ${ELIGIBILITY_PROFILES.join(', ')}`);
        query.eligibility = v as EligibilityProfile[];
        break;
      case 'available':
        if (typeof v !== 'boolean') bad('available must be true or false');
        query.available = v;
        break;
      case 'referrer':
        query.referrer = readReferrer(v);
        break;
      default:
        bad(`unknown field ${JSON.stringify(key.slice(0, 40))}`);
    }
  }
  return query;
}
