/**
 * Who a service is for, read from its eligibility object for the profiles a search names. A field a
 * provider left out means "not restricted" only where the spec says so (sexes, ages); the positive
 * promises (children, her children with her, LGBTIQ+, disability) must be stated to count.
 */
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { EligibilityProfile } from './types.ts';

type Eligibility = Service['eligibility'];

const ADULT = 18;

const acceptsSex = (e: Eligibility, sex: string) => e.sexes === undefined || e.sexes.length === 0 || e.sexes.includes(sex as never);
const acceptsAdults = (e: Eligibility) => e.maximumAge === undefined || e.maximumAge >= ADULT;
const acceptsChildren = (e: Eligibility) => e.minorsAccepted === true || (e.minorsAccepted === undefined && e.minimumAge !== undefined && e.minimumAge < ADULT);

const RULES: Record<EligibilityProfile, (e: Eligibility) => boolean> = {
  'adult-man': (e) => acceptsAdults(e) && acceptsSex(e, 'male'),
  woman: (e) => acceptsAdults(e) && acceptsSex(e, 'female'),
  child: acceptsChildren,
  'family-with-children': (e) => e.dependantsAccepted === true,
  lgbtiq: (e) => e.lgbtiqAffirming === true,
  disability: (e) => e.disabilityAccessible === true,
};

export function isEligible(service: Service, profiles: readonly EligibilityProfile[]): boolean {
  return profiles.every((profile) => RULES[profile](service.eligibility));
}
