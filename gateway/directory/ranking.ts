/**
 * How well a service answers a search, and what a case worker should know before referring. The
 * weights put the asked need first, then where and in which language she is helped, then whether
 * there is room now; a condition of cooperation with the authorities costs more than any of them
 * gives, because assistance must never depend on it.
 */
import type { Service } from '../../schema/generated/nrx.d.ts';
import { categoryFit } from './taxonomy.ts';
import type { ServiceQuery } from './types.ts';

/** Capacity figures older than this are flagged: stale figures mislead. */
export const CAPACITY_FRESH_MS = 7 * 24 * 3600 * 1000;

export const primaryLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();
const sameRegion = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/** The service's areas that cover the asked country and region: 2 named in a region list, 1 the whole country, 0 none. */
export function areaFit(service: Service, country: string | undefined, region: string | undefined): number {
  let best = 0;
  for (const area of service.serviceAreas) {
    if (country !== undefined && area.country !== country) continue;
    if (region === undefined) return area.regions ? 2 : 1;
    if (!area.regions) best = Math.max(best, 1);
    else if (area.regions.some((r) => sameRegion(r, region))) return 2;
  }
  return best;
}

/** 2 when staff speak it, 1 when interpretation covers it, 0 otherwise. */
export function languageFit(service: Service, language: string): number {
  const asked = primaryLanguage(language);
  if (service.languages?.some((l) => primaryLanguage(l) === asked)) return 2;
  const interpretation = service.interpretation;
  if (interpretation?.available && (!interpretation.languages || interpretation.languages.some((l) => primaryLanguage(l) === asked))) return 1;
  return 0;
}

export const hasFreePlace = (service: Service) => service.capacity === undefined || service.capacity.placesFree > 0;

export function score(service: Service, query: ServiceQuery): number {
  let total = 0;
  if (query.categories?.length) total += 10 * categoryFit(service.categories, query.categories);
  if (query.country !== undefined || query.region !== undefined) total += 3 * areaFit(service, query.country, query.region);
  if (query.language !== undefined) total += 3 * languageFit(service, query.language);
  if (service.status === 'active') total += 2;
  if (service.capacity && service.capacity.placesFree > 0) total += 2;
  if (service.cost?.free) total += 1;
  if (service.eligibility.conditionalOnCooperation) total -= 20;
  return total;
}

export function flags(service: Service, now: number): string[] {
  const out: string[] = [];
  if (service.eligibility.conditionalOnCooperation) out.push('conditional-on-cooperation');
  if (service.eligibility.requiresFormalIdentification) out.push('requires-formal-identification');
  if (service.capacity) {
    if (service.capacity.placesFree === 0) out.push('no-free-place');
    if (now - Date.parse(service.capacity.updatedAt) > CAPACITY_FRESH_MS) out.push('capacity-stale');
  }
  if (service.status !== 'active') out.push(`status-${service.status}`);
  return out;
}
