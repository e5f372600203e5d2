/**
 * Minors: whether the subject of a record is a child, and whether the consents in force satisfy
 * what a clause requires for a child (her guardian's consent, her own view, or both). The child's
 * view is evidence of her agreement, never her guardian's decision.
 */
import type * as Spec from '../../schema/generated/nrx.d.ts';

export type MinorRequirement = NonNullable<Spec.DataSharingAgreementClause['minorConsent']>[number];

/** A permit in force for one field, with who granted it and what the child said. */
export interface GrantedPermit {
  id: string;
  provision: string;
  namesRecipient: boolean;
  grantor: Spec.ConsentGrantor | undefined;
  /** The child's view recorded on the record, when there is one. */
  childView: Spec.ChildView | undefined;
}

const ADULT_YEARS = 18;

function ageAt(dateOfBirth: string, at: Date): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < mo || (at.getUTCMonth() + 1 === mo && at.getUTCDate() < d)) age--;
  return age;
}

/**
 * True when the referral says she is a minor: `minor`, else her date of birth, else her age band's
 * upper end. A record that says nothing of her age is read as an adult's: a clause that needs her
 * guardian cannot be met by a record that does not say she is a child.
 */
export function subjectIsMinor(document: Record<string, unknown>, at: Date): boolean {
  const person = (document.sections as { person?: Record<string, unknown> } | undefined)?.person;
  if (!person) return false;
  if (typeof person.minor === 'boolean') return person.minor;
  if (typeof person.dateOfBirth === 'string') {
    const age = ageAt(person.dateOfBirth, at);
    if (age !== undefined) return age < ADULT_YEARS;
  }
  if (typeof person.ageBand === 'string') {
    const band = /^(\d{1,2})-(\d{1,2})$/.exec(person.ageBand);
    if (band) return Number(band[2]) < ADULT_YEARS;
  }
  return false;
}

const byGuardian = (p: GrantedPermit) => p.grantor === 'guardian' || p.grantor === 'legal-representative';
const byChild = (p: GrantedPermit) => p.grantor === 'self' || (byGuardian(p) && p.childView === 'agrees');

export type MinorOutcome =
  | { met: true; consents: { id: string; provision: string }[] }
  | { met: false; reason: 'GUARDIAN_CONSENT_REQUIRED' | 'CHILD_VIEW_REQUIRED' };

/** Whether the permits in force meet a clause's requirements for a child, and on which records. */
export function meetMinorRequirements(required: readonly MinorRequirement[], permits: readonly GrantedPermit[]): MinorOutcome {
  const consents: { id: string; provision: string }[] = [];
  const use = (p: GrantedPermit) => {
    if (!consents.some((c) => c.id === p.id)) consents.push({ id: p.id, provision: p.provision });
  };
  if (required.includes('guardian')) {
    const guardian = permits.find(byGuardian);
    if (!guardian) return { met: false, reason: 'GUARDIAN_CONSENT_REQUIRED' };
    use(guardian);
  }
  if (required.includes('child-view')) {
    const child = permits.find(byChild);
    if (!child) return { met: false, reason: 'CHILD_VIEW_REQUIRED' };
    use(child);
  }
  return { met: true, consents };
}
