/**
 * The directory held in memory and kept in step with the store by every write that passes through
 * this process (and, through notifications, by other processes' writes).
 *
 * Laid out for searching: each service has a slot number, what a search reads of it that does not
 * depend on the search (base score, eligibility, availability) sits in typed arrays by slot, and
 * every condition of a search is a group of posting lists (slot sets) ordered from the best fit to
 * the weakest. A search walks each group's lists once, noting per slot the best fit and how many
 * groups it matched, then ranks the slots that matched every group and keeps only the page's best.
 * Walking integer sets and arrays, not one object graph per service, is what keeps a search within a
 * few milliseconds over tens of thousands of services.
 */
import type { PublishedService, SearchPage, ServiceHit, ServiceQuery } from './types.ts';
import { isWithin } from './taxonomy.ts';
import { facetsOf, flags, primaryLanguage, profileBits, regionKey } from './ranking.ts';
import { referralObstacle } from './referrers.ts';

/** Best score first; equal scores by name, then id, so that pages never overlap. */
export function byRank(a: ServiceHit, b: ServiceHit): number {
  if (a.score !== b.score) return b.score - a.score;
  const an = a.service.document.name;
  const bn = b.service.document.name;
  if (an !== bn) return an < bn ? -1 : 1;
  return a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0;
}

/** Posting keys: a category code, the areas a service covers, its languages, its organisation. */
const key = {
  category: (code: string) => `c:${code}`,
  country: (country: string) => `a:${country}`,
  wholeCountry: (country: string) => `w:${country}`,
  regionsListed: (country: string) => `rl:${country}`,
  region: (country: string, region: string) => `r:${country}:${region}`,
  regionAnywhere: (region: string) => `r*:${region}`,
  wholeCountryAnywhere: 'w*',
  spoken: (language: string) => `l:${language}`,
  interpreted: (language: string) => `i:${language}`,
  interpretedAny: 'i:*',
  organization: (member: string) => `o:${member}`,
};

function postingKeys(service: PublishedService): string[] {
  const facets = facetsOf(service.document);
  const keys = [key.organization(service.organization), ...service.document.categories.map(key.category)];
  for (const [country, regions] of facets.areas) {
    keys.push(key.country(country));
    if (regions === null) keys.push(key.wholeCountry(country), key.wholeCountryAnywhere);
    else {
      keys.push(key.regionsListed(country));
      for (const region of regions) keys.push(key.region(country, region), key.regionAnywhere(region));
    }
  }
  for (const language of facets.spoken) keys.push(key.spoken(language));
  if (facets.interpreted === 'any') keys.push(key.interpretedAny);
  else for (const language of facets.interpreted ?? []) keys.push(key.interpreted(language));
  return [...new Set(keys)];
}

/** One condition of a search: posting lists by fit, best first, and the weight a fit adds to the score. */
interface Group {
  tiers: Array<{ fit: number; keys: string[] }>;
  weight: number;
}

/** The groups of a search; an empty list means every service is a candidate. */
function groupsOf(query: ServiceQuery, categoryCodes: Iterable<string>): Group[] {
  const groups: Group[] = [];
  if (query.categories?.length) {
    const exact: string[] = [];
    const below: string[] = [];
    for (const code of categoryCodes) {
      if (query.categories.includes(code)) exact.push(key.category(code));
      else if (query.categories.some((asked) => isWithin(code, asked))) below.push(key.category(code));
    }
    groups.push({ tiers: [{ fit: 2, keys: exact }, { fit: 1, keys: below }], weight: 10 });
  }
  const region = query.region === undefined ? undefined : regionKey(query.region);
  if (query.country !== undefined && region !== undefined) groups.push({ tiers: [{ fit: 2, keys: [key.region(query.country, region)] }, { fit: 1, keys: [key.wholeCountry(query.country)] }], weight: 3 });
  else if (query.country !== undefined) groups.push({ tiers: [{ fit: 2, keys: [key.regionsListed(query.country)] }, { fit: 1, keys: [key.wholeCountry(query.country)] }], weight: 3 });
  else if (region !== undefined) groups.push({ tiers: [{ fit: 2, keys: [key.regionAnywhere(region)] }, { fit: 1, keys: [key.wholeCountryAnywhere] }], weight: 3 });
  if (query.language !== undefined) {
    const language = primaryLanguage(query.language);
    groups.push({ tiers: [{ fit: 2, keys: [key.spoken(language)] }, { fit: 1, keys: [key.interpreted(language), key.interpretedAny] }], weight: 3 });
  }
  if (query.organization !== undefined) groups.push({ tiers: [{ fit: 0, keys: [key.organization(query.organization)] }], weight: 0 });
  return groups;
}

function grown<T extends Int32Array | Int16Array | Uint8Array | Uint32Array>(array: T, size: number, make: (n: number) => T): T {
  if (array.length >= size) return array;
  const next = make(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

export function createServiceIndex() {
  const byId = new Map<string, number>();
  const services: (PublishedService | undefined)[] = [];
  const freeSlots: number[] = [];
  const postings = new Map<string, Set<number>>();
  const categoryCodes = new Map<string, number>();
  let baseScore = new Int16Array(1024);
  let eligible = new Uint8Array(1024);
  let available = new Uint8Array(1024);
  // Per-search scratch, valid where `seenIn` holds the current search's number (never cleared).
  let seenIn = new Uint32Array(1024);
  let matched = new Uint8Array(1024);
  let gain = new Int16Array(1024);
  let groupMark = new Uint32Array(1024);
  let searchNumber = 0;
  let groupNumber = 0;

  const remove = (id: string) => {
    const slot = byId.get(id);
    if (slot === undefined) return;
    for (const k of postingKeys(services[slot]!)) {
      const set = postings.get(k)!;
      set.delete(slot);
      if (set.size === 0) postings.delete(k);
      if (k.startsWith('c:')) {
        const n = categoryCodes.get(k.slice(2))! - 1;
        if (n === 0) categoryCodes.delete(k.slice(2));
        else categoryCodes.set(k.slice(2), n);
      }
    }
    services[slot] = undefined;
    byId.delete(id);
    freeSlots.push(slot);
  };

  const put = (service: PublishedService) => {
    remove(service.id);
    const slot = freeSlots.pop() ?? services.length;
    services[slot] = service;
    byId.set(service.id, slot);
    const size = slot + 1;
    baseScore = grown(baseScore, size, (n) => new Int16Array(n));
    eligible = grown(eligible, size, (n) => new Uint8Array(n));
    available = grown(available, size, (n) => new Uint8Array(n));
    seenIn = grown(seenIn, size, (n) => new Uint32Array(n));
    matched = grown(matched, size, (n) => new Uint8Array(n));
    gain = grown(gain, size, (n) => new Int16Array(n));
    groupMark = grown(groupMark, size, (n) => new Uint32Array(n));
    const facets = facetsOf(service.document);
    baseScore[slot] = facets.baseScore;
    eligible[slot] = facets.eligible;
    available[slot] = facets.available ? 1 : 0;
    for (const k of postingKeys(service)) {
      let set = postings.get(k);
      if (!set) postings.set(k, (set = new Set()));
      set.add(slot);
      if (k.startsWith('c:')) categoryCodes.set(k.slice(2), (categoryCodes.get(k.slice(2)) ?? 0) + 1);
    }
  };

  /** Walks each group's lists, best fit first; returns the slots of the smallest group (the candidates), or undefined for all. */
  function mark(groups: Group[]): number[] | undefined {
    searchNumber++;
    let smallest: number[] | undefined;
    for (const group of groups) {
      const touched: number[] = [];
      groupNumber++;
      for (const tier of group.tiers) {
        for (const k of tier.keys) {
          const set = postings.get(k);
          if (!set) continue;
          for (const slot of set) {
            if (groupMark[slot] === groupNumber) continue;
            groupMark[slot] = groupNumber;
            touched.push(slot);
            if (seenIn[slot] !== searchNumber) {
              seenIn[slot] = searchNumber;
              matched[slot] = 0;
              gain[slot] = 0;
            }
            matched[slot]!++;
            gain[slot]! += group.weight * tier.fit;
          }
        }
      }
      if (!smallest || touched.length < smallest.length) smallest = touched;
    }
    return smallest;
  }

  return {
    put,
    remove,
    get: (id: string) => {
      const slot = byId.get(id);
      return slot === undefined ? undefined : services[slot];
    },
    hasOrganization: (organization: string) => postings.has(key.organization(organization)),
    get size() {
      return byId.size;
    },
    values: () => services.filter((s): s is PublishedService => s !== undefined),
    /** One page of the ranked matches, from `offset`; only the first offset + limit are kept in order. */
    search(query: ServiceQuery, offset: number, limit: number, now = Date.now()): SearchPage {
      const groups = groupsOf(query, categoryCodes.keys());
      const candidates = mark(groups);
      const wanted = profileBits(query.eligibility ?? []);
      const keep = offset + limit;
      const best: ServiceHit[] = [];
      let total = 0;
      const consider = (slot: number) => {
        if (groups.length && (seenIn[slot] !== searchNumber || matched[slot] !== groups.length)) return;
        if ((eligible[slot]! & wanted) !== wanted) return;
        if (query.available && !available[slot]) return;
        const service = services[slot]!;
        if (query.referrer && referralObstacle(service.document, query.referrer) !== undefined) return;
        total++;
        if (keep === 0) return;
        const hit: ServiceHit = { service, score: baseScore[slot]! + (groups.length ? gain[slot]! : 0), flags: [] };
        if (best.length === keep && byRank(hit, best[keep - 1]!) >= 0) return;
        // Insert in order (binary search); the page is small next to the matches.
        let lo = 0;
        let hi = best.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (byRank(best[mid]!, hit) <= 0) lo = mid + 1;
          else hi = mid;
        }
        best.splice(lo, 0, hit);
        if (best.length > keep) best.pop();
      };
      if (candidates) for (const slot of candidates) consider(slot);
      else for (let slot = 0; slot < services.length; slot++) if (services[slot]) consider(slot);
      const page = best.slice(offset);
      for (const hit of page) hit.flags = flags(hit.service.document, now);
      return { hits: page, total };
    },
  };
}

export type ServiceIndex = ReturnType<typeof createServiceIndex>;
