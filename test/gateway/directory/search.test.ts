/**
 * The directory's search over a realistic directory (every kind of service of the taxonomy, in
 * Serbia, Austria and Moldova, from the fixture generator): each search finds exactly the services
 * a plain reading of their documents says it should, ranks them, pages them without overlap, and
 * stays in step with changes and withdrawals.
 */
import { describe, expect, it } from 'vitest';
import { DIRECTORY_COUNTRIES, generateServices, SERVICE_CATEGORIES, type DirectoryCountry } from '../../../gateway/demo/services.ts';
import { isEligible } from '../../../gateway/directory/eligibility.ts';
import { referralObstacle } from '../../../gateway/directory/referrers.ts';
import { createServiceIndex } from '../../../gateway/directory/service-index.ts';
import { ELIGIBILITY_PROFILES, type EligibilityProfile, type PublishedService, type ServiceQuery } from '../../../gateway/directory/types.ts';
import type { Service } from '../../../schema/generated/nrx.d.ts';

const services = generateServices({ count: 3000, seed: 42 });
const published = (document: Service): PublishedService => ({ id: document.id, organization: document.organization, source: 'config', updated: '2026-12-01T00:00:00Z', document });
const index = createServiceIndex();
for (const s of services) index.put(published(s));

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** What the search should find, read straight from the documents. */
function expected(query: ServiceQuery, all: Service[] = services): Set<string> {
  return new Set(all.filter((s) => {
    if (query.categories && !s.categories.some((c) => query.categories!.some((a) => c === a || c.startsWith(`${a}.`)))) return false;
    if (query.country !== undefined || query.region !== undefined) {
      const covered = s.serviceAreas.some((a) => (query.country === undefined || a.country === query.country) && (query.region === undefined || !a.regions || a.regions.some((r) => fold(r) === fold(query.region!))));
      if (!covered) return false;
    }
    if (query.language !== undefined) {
      const l = primary(query.language);
      const i = s.interpretation;
      if (!s.languages?.some((x) => primary(x) === l) && !(i?.available && (!i.languages || i.languages.some((x) => primary(x) === l)))) return false;
    }
    if (query.eligibility && !isEligible(s, query.eligibility)) return false;
    if (query.available && (s.status !== 'active' || (s.capacity && s.capacity.placesFree === 0))) return false;
    if (query.referrer && referralObstacle(s, query.referrer) !== undefined) return false;
    if (query.organization && s.organization !== query.organization) return false;
    return true;
  }).map((s) => s.id));
}

function randomQuery(seed: number): ServiceQuery {
  let a = seed;
  const next = () => ((a = (a * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const country = pick(Object.keys(DIRECTORY_COUNTRIES) as DirectoryCountry[]);
  const query: ServiceQuery = {};
  if (next() < 0.6) query.categories = [pick(SERVICE_CATEGORIES), ...(next() < 0.3 ? [pick(SERVICE_CATEGORIES).split('.')[0]!] : [])];
  if (next() < 0.6) query.country = country;
  if (next() < 0.3) query.region = pick(DIRECTORY_COUNTRIES[country].regions);
  if (next() < 0.4) query.language = pick(['ro', 'ro-MD', 'sr', 'de', 'en', 'ar', 'uk']);
  if (next() < 0.4) query.eligibility = [pick(ELIGIBILITY_PROFILES), ...(next() < 0.3 ? [pick(ELIGIBILITY_PROFILES)] : [])] as EligibilityProfile[];
  if (next() < 0.2) query.available = true;
  if (next() < 0.2) query.referrer = { id: 'X', country: pick(['RS', 'AT', 'MD']), memberClass: pick(['GOV', 'NGO']), agencyType: 'police' };
  return query;
}

describe('directory search', () => {
  it('covers every service category in each of the three countries', () => {
    for (const country of ['RS', 'AT', 'MD'] as const) {
      const found = new Set(services.filter((s) => s.serviceAreas.some((a) => a.country === country)).flatMap((s) => s.categories));
      expect([...SERVICE_CATEGORIES].filter((c) => !found.has(c))).toEqual([]);
    }
  });

  it('finds exactly the services a plain reading of the documents finds, for 300 searches', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const query = randomQuery(seed);
      const page = index.search(query, 0, 10_000);
      const want = expected(query);
      expect(new Set(page.hits.map((h) => h.service.id)), JSON.stringify(query)).toEqual(want);
      expect(page.total).toBe(want.size);
      const scores = page.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('ranks the asked category above the ones below it, and a condition of cooperation last', () => {
    const page = index.search({ categories: ['medical'], country: 'RS' }, 0, 10_000);
    const cooperation = page.hits.filter((h) => h.service.document.eligibility.conditionalOnCooperation);
    expect(cooperation.length).toBeGreaterThan(0);
    for (const h of cooperation) {
      expect(h.flags).toContain('conditional-on-cooperation');
      expect(h.score).toBeLessThan(0);
    }
    const exactScores = page.hits.filter((h) => h.service.document.categories.includes('medical') && !h.service.document.eligibility.conditionalOnCooperation).map((h) => h.score);
    const belowScores = page.hits.filter((h) => !h.service.document.categories.includes('medical') && !h.service.document.eligibility.conditionalOnCooperation).map((h) => h.score);
    expect(Math.min(...exactScores)).toBeGreaterThan(Math.max(...belowScores));
  });

  it('pages without overlap, in the order of the whole list', () => {
    const query = { country: 'MD' };
    const all = index.search(query, 0, 10_000).hits.map((h) => h.service.id);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 37) paged.push(...index.search(query, offset, 37).hits.map((h) => h.service.id));
    expect(paged).toEqual(all);
  });

  it('follows changes and withdrawals', () => {
    const local = createServiceIndex();
    for (const s of services.slice(0, 300)) local.put(published(s));
    const moved: Service = { ...services[0]!, serviceAreas: [{ country: 'AT', regions: ['Tirol'] }] };
    local.put(published(moved));
    expect(local.search({ country: 'AT', region: 'tirol' }, 0, 1000).hits.map((h) => h.service.id)).toContain(moved.id);
    expect(local.search({ country: services[0]!.serviceAreas[0]!.country }, 0, 1000).hits.map((h) => h.service.id)).not.toContain(moved.id);
    local.remove(moved.id);
    expect(local.get(moved.id)).toBeUndefined();
    expect(local.search({}, 0, 1000).total).toBe(299);
    const rest = services.slice(1, 300);
    for (let seed = 1; seed <= 50; seed++) {
      const query = randomQuery(seed);
      expect(new Set(local.search(query, 0, 1000).hits.map((h) => h.service.id))).toEqual(expected(query, rest));
    }
  });
});
