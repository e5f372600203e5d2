/**
 * How well a service answers a search, and what a case worker should know before referring. The
 * weights put the asked need first, then where and in which language she is helped, then whether
 * there is room now; a condition of cooperation with the authorities costs more than any of them
 * gives, because assistance must never depend on it.
 *
 * Everything a search reads of a service is worked out once, when the service enters the index
 * (`facetsOf`), so that a search only compares prepared values.
 */
import type { Service } from '../../schema/generated/nrx.d.ts';
import { ELIGIBILITY_PROFILES, type EligibilityProfile } from './types.ts';
import { isEligible } from './eligibility.ts';

/** Capacity figures older than this are flagged: stale figures mislead. */
export const CAPACITY_FRESH_MS = 7 * 24 * 3600 * 1000;

export const primaryLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();
/** Region names compared without case or accents (Chișinău = chisinau). */
export const regionKey = (name: string) => name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** What a search reads of one service, prepared when it enters the index. */
export interface Facets {
  /** Per country covered: the region keys listed, or null for the whole country. */
  areas: Map<string, Set<string> | null>;
  spoken: Set<string>;
  /** Languages interpretation covers: 'any' on request, a set, or none. */
  interpreted: Set<string> | 'any' | null;
  /** The eligibility profiles the service is for, as bits in ELIGIBILITY_PROFILES order. */
  eligible: number;
  /** Active now, and a free place when it counts places. */
  available: boolean;
  /** The part of the score that does not depend on the search. */
  baseScore: number;
}

export const profileBits = (profiles: readonly EligibilityProfile[]) => profiles.reduce((bits, p) => bits | (1 << ELIGIBILITY_PROFILES.indexOf(p)), 0);

export function facetsOf(service: Service): Facets {
  const areas = new Map<string, Set<string> | null>();
  for (const area of service.serviceAreas) {
    const known = areas.get(area.country);
    if (known === null) continue;
    if (!area.regions) areas.set(area.country, null);
    else areas.set(area.country, new Set([...(known ?? []), ...area.regions.map(regionKey)]));
  }
  const interpretation = service.interpretation;
  let baseScore = 0;
  if (service.status === 'active') baseScore += 2;
  if (service.capacity && service.capacity.placesFree > 0) baseScore += 2;
  if (service.cost?.free) baseScore += 1;
  if (service.eligibility.conditionalOnCooperation) baseScore -= 20;
  return {
    areas,
    spoken: new Set((service.languages ?? []).map(primaryLanguage)),
    interpreted: interpretation?.available ? (interpretation.languages ? new Set(interpretation.languages.map(primaryLanguage)) : 'any') : null,
    eligible: ELIGIBILITY_PROFILES.reduce((bits, p, i) => (isEligible(service, [p]) ? bits | (1 << i) : bits), 0),
    available: service.status === 'active' && (service.capacity === undefined || service.capacity.placesFree > 0),
    baseScore,
  };
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
