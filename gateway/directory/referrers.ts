/** Who may refer to a service (its `acceptsReferralsFrom`) and for which purposes (`howToRefer.purposes`). */
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { Referrer } from './types.ts';

/** Why `referrer` may not refer to the service, or undefined when it may. */
export function referralObstacle(service: Service, referrer: Referrer, purpose?: string): string | undefined {
  if (service.status !== 'active') return `the service ${service.id} is ${service.status} and takes no referrals now`;
  const from = service.acceptsReferralsFrom;
  if (from?.memberClasses && !from.memberClasses.includes(referrer.memberClass as never)) return `the service ${service.id} takes referrals only from member classes ${from.memberClasses.join(', ')}; ${referrer.id} is ${referrer.memberClass}`;
  if (from?.agencyTypes && !from.agencyTypes.includes(referrer.agencyType as never)) return `the service ${service.id} takes referrals only from agency types ${from.agencyTypes.join(', ')}; ${referrer.id} is ${referrer.agencyType}`;
  if (from?.countries && !from.countries.includes(referrer.country as never)) return `the service ${service.id} takes referrals only from members in ${from.countries.join(', ')}; ${referrer.id} is in ${referrer.country}`;
  const purposes = service.howToRefer?.purposes;
  if (purpose !== undefined && purposes && !purposes.includes(purpose as never)) return `the service ${service.id} takes referrals only for the purposes ${purposes.join(', ')}, not ${purpose}`;
  return undefined;
}
