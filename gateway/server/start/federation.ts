/** Referrals and status updates for members of peer gateways: the outbox, its delivery worker, the peer route. */
import { createFederationService, type FederationService, type FederationServiceOptions } from '../../federation/service.ts';
import type { Federation } from '../../federation/setup.ts';
import type { Teardown } from './teardown.ts';

/** Absent when the gateway hosts no members. Its delivery worker starts once the gateway is ready (`start`). */
export function setUpPeers(input: Omit<FederationServiceOptions, 'federation'> & { federation?: Federation; teardown: Teardown }): FederationService | undefined {
  const { federation, teardown, ...options } = input;
  if (!federation) return undefined;
  const peers = createFederationService({ ...options, federation });
  teardown.add(() => peers.close());
  return peers;
}
