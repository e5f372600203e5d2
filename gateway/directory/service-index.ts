/**
 * The directory held in memory and kept in step with the store by every write that passes through
 * this process: postings by category, country, language and organisation narrow a search to its
 * candidates, which are then checked condition by condition, scored and ordered.
 */
import type { PublishedService, SearchPage, ServiceHit, ServiceQuery } from './types.ts';
import { isEligible } from './eligibility.ts';
import { isWithin } from './taxonomy.ts';
import { areaFit, flags, hasFreePlace, languageFit, primaryLanguage, score } from './ranking.ts';
import { referralObstacle } from './referrers.ts';

type Postings = Map<string, Set<string>>;

function post(postings: Postings, key: string, id: string) {
  let set = postings.get(key);
  if (!set) postings.set(key, (set = new Set()));
  set.add(id);
}

function unpost(postings: Postings, key: string, id: string) {
  const set = postings.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) postings.delete(key);
}

/** The keys a service is posted under, per posting list. */
function keysOf(service: PublishedService) {
  const d = service.document;
  const languages = new Set([...(d.languages ?? []), ...(d.interpretation?.available ? (d.interpretation.languages ?? ['*']) : [])].map((l) => (l === '*' ? l : primaryLanguage(l))));
  return {
    category: d.categories as string[],
    country: [...new Set(d.serviceAreas.map((a) => a.country as string))],
    language: [...languages],
    organization: [service.organization],
  };
}

export function createServiceIndex() {
  const services = new Map<string, PublishedService>();
  const postings = { category: new Map(), country: new Map(), language: new Map(), organization: new Map() } satisfies Record<string, Postings>;

  const remove = (id: string) => {
    const old = services.get(id);
    if (!old) return;
    const keys = keysOf(old);
    for (const list of Object.keys(postings) as (keyof typeof postings)[]) for (const key of keys[list]) unpost(postings[list], key, id);
    services.delete(id);
  };
  const put = (service: PublishedService) => {
    remove(service.id);
    services.set(service.id, service);
    const keys = keysOf(service);
    for (const list of Object.keys(postings) as (keyof typeof postings)[]) for (const key of keys[list]) post(postings[list], key, service.id);
  };

  /** The smallest posting-based candidate set the query allows, or every service. */
  function candidates(query: ServiceQuery): Iterable<string> {
    const sets: Set<string>[] = [];
    if (query.categories?.length) {
      const union = new Set<string>();
      for (const [code, ids] of postings.category) if (query.categories.some((asked) => isWithin(code, asked))) for (const id of ids) union.add(id);
      sets.push(union);
    }
    if (query.country !== undefined) sets.push(postings.country.get(query.country) ?? new Set());
    if (query.organization !== undefined) sets.push(postings.organization.get(query.organization) ?? new Set());
    if (query.language !== undefined) {
      const spoken = postings.language.get(primaryLanguage(query.language));
      const any = postings.language.get('*');
      sets.push(spoken && any ? new Set([...spoken, ...any]) : (spoken ?? any ?? new Set()));
    }
    if (!sets.length) return services.keys();
    return sets.reduce((a, b) => (b.size < a.size ? b : a));
  }

  function matches(service: PublishedService, query: ServiceQuery): boolean {
    const d = service.document;
    if (query.categories?.length && !d.categories.some((code) => query.categories!.some((asked) => isWithin(code, asked)))) return false;
    if ((query.country !== undefined || query.region !== undefined) && areaFit(d, query.country, query.region) === 0) return false;
    if (query.organization !== undefined && service.organization !== query.organization) return false;
    if (query.language !== undefined && languageFit(d, query.language) === 0) return false;
    if (query.eligibility?.length && !isEligible(d, query.eligibility)) return false;
    if (query.available && (d.status !== 'active' || !hasFreePlace(d))) return false;
    if (query.referrer && referralObstacle(d, query.referrer) !== undefined) return false;
    return true;
  }

  return {
    put,
    remove,
    get: (id: string) => services.get(id),
    hasOrganization: (organization: string) => postings.organization.has(organization),
    get size() {
      return services.size;
    },
    values: () => services.values(),
    /** One page of the ranked matches, from `offset`. */
    search(query: ServiceQuery, offset: number, limit: number, now = Date.now()): SearchPage {
      const hits: ServiceHit[] = [];
      for (const id of candidates(query)) {
        const service = services.get(id)!;
        if (matches(service, query)) hits.push({ service, score: score(service.document, query), flags: [] });
      }
      hits.sort(byRank);
      const page = hits.slice(offset, offset + limit);
      for (const hit of page) hit.flags = flags(hit.service.document, now);
      return { hits: page, total: hits.length };
    },
  };
}

export type ServiceIndex = ReturnType<typeof createServiceIndex>;

/** Best score first; equal scores by name, then id, so that pages never overlap. */
export function byRank(a: ServiceHit, b: ServiceHit): number {
  if (a.score !== b.score) return b.score - a.score;
  const an = a.service.document.name;
  const bn = b.service.document.name;
  if (an !== bn) return an < bn ? -1 : 1;
  return a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0;
}
