/**
 * The rule that keeps a shelter's place out of the federation: only a service whose location is
 * public carries an address, and a shelter at a secret location is `never` disclosed. Checked before
 * the spec's own validation so that the refusal has its own code and says why.
 */
import { DirectoryError } from './types.ts';

const SECRET_SHELTER = 'accommodation.secret-location';

export function refuseDisclosedLocation(document: Record<string, unknown>): void {
  const id = String(document.id ?? '(no id)');
  const disclosure = document.locationDisclosure;
  const categories = Array.isArray(document.categories) ? document.categories : [];
  const hasAddress = document.address !== undefined && document.address !== null;
  if (categories.includes(SECRET_SHELTER) && disclosure !== 'never') {
    throw new DirectoryError('SERVICE_LOCATION_SECRET', `service ${id} is a shelter at a secret location: its locationDisclosure must be 'never', not ${JSON.stringify(disclosure ?? null)}`);
  }
  if (hasAddress && disclosure !== 'public') {
    throw new DirectoryError('SERVICE_LOCATION_SECRET', `service ${id} has locationDisclosure ${JSON.stringify(disclosure ?? null)}: it may not publish an address; referrals name the service and its endpoint instead`);
  }
}
