import type { ActorMatch, Period, PolicyActor } from './types.ts';

/** A recipient matches when it satisfies every property the match gives. */
export function actorMatches(match: ActorMatch, actor: PolicyActor): boolean {
  return (
    (match.member === undefined || match.member === actor.id) &&
    (match.memberClass === undefined || match.memberClass === actor.memberClass) &&
    (match.country === undefined || match.country === actor.country) &&
    (match.agencyType === undefined || match.agencyType === actor.agencyType)
  );
}

export function anyActorMatches(matches: readonly ActorMatch[] | undefined, actor: PolicyActor): boolean {
  return matches === undefined || matches.some((m) => actorMatches(m, actor));
}

const DAY = 86_400_000;

/** Start of a calendar date (UTC) in milliseconds. */
export function dayStart(date: string): number {
  return Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
}

/** The instant a period (end date inclusive) stops applying. */
export function dayAfter(date: string): number {
  return dayStart(date) + DAY;
}

export function periodCovers(period: Period | undefined, at: number): boolean {
  if (!period) return true;
  return dayStart(period.start) <= at && (period.end === undefined || at < dayAfter(period.end));
}

/** The instants at which a period starts or stops applying, for cache windows. */
export function periodBoundaries(period: Period | undefined, out: number[]): void {
  if (!period) return;
  out.push(dayStart(period.start));
  if (period.end !== undefined) out.push(dayAfter(period.end));
}
