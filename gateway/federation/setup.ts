/**
 * The gateway's federation parts, built once at start-up from its configuration and trust list:
 * who it is to its peers, where they are, and the one client that calls them.
 */
import type { TrustList } from '../auth/types.ts';
import type { GatewayConfig } from '../config/types.ts';
import { createPeerClient, type PeerClient } from './peer-client.ts';
import { loadPeerIdentity, type PeerIdentity } from './peer-identity.ts';
import { peerDirectory, type PeerDirectory } from './peers.ts';

export interface Federation {
  identity: PeerIdentity;
  peers: PeerDirectory;
  client: PeerClient;
}

/** The federation of a gateway that hosts members (federation.hostedMembers); undefined for one that hosts none. */
export async function openFederation(config: Pick<GatewayConfig, 'gatewayId' | 'federation'>, trustList: TrustList): Promise<Federation | undefined> {
  const settings = config.federation;
  if (!settings?.hostedMembers.length) return undefined;
  const identity = await loadPeerIdentity({ gatewayId: config.gatewayId, hostedMembers: settings.hostedMembers, trustList });
  const peers = peerDirectory({ trustList, localMembers: identity.hostedMembers, allowDevelopmentTransport: settings.allowDevelopmentTransport });
  const client = createPeerClient({ identity, allowDevelopmentTransport: settings.allowDevelopmentTransport, timeoutMs: settings.timeoutMs, maxResponseBytes: settings.maxResponseBytes });
  return { identity, peers, client };
}
