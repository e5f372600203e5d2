/**
 * A referral that names a service (`recipientService`) reaches it only as the service allows: the
 * recipient must provide it, and the sender and purpose must be ones it takes referrals from.
 */
import type { Directory } from './directory.ts';
import { referralObstacle } from './referrers.ts';
import { DirectoryError, type Referrer } from './types.ts';

export interface NamedService {
  serviceId: string;
  recipient: string;
  purpose: string;
  sender: Referrer;
}

/**
 * Throws when the referral may not go to the service. A recipient that publishes no service in this
 * directory is another gateway's to check, when the referral reaches it.
 */
export function checkReferralToService(directory: Directory, { serviceId, recipient, purpose, sender }: NamedService): void {
  const service = directory.get(serviceId);
  if (!service || service.organization !== recipient) {
    if (!service && !directory.index.hasOrganization(recipient)) return;
    throw new DirectoryError('SERVICE_UNKNOWN', `${recipient} publishes no service ${serviceId} in this directory`);
  }
  const obstacle = referralObstacle(service.document, sender, purpose);
  if (obstacle) throw new DirectoryError('SERVICE_REFERRAL_REFUSED', obstacle);
}
