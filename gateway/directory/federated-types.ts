/** The federated search's answer, as the GraphQL layer serves it (federated.ts makes it). */
import type { ServiceHit, ServiceQuery } from './types.ts';

/** How one peer gateway answered. */
export interface PeerAnswer {
  /** The peer gateway's base URL, from the trust list. */
  url: string;
  /** Its gateway id, as it named itself in its answer (absent when it did not answer). */
  gateway?: string;
  answered: boolean;
  /** The peer client's code when it did not answer (PEER_UNREACHABLE, PEER_TIMEOUT, PEER_BAD_ANSWER, PEER_REFUSED). */
  error?: string;
  /** The members whose services that gateway holds. */
  members: string[];
}

/** A hit from a peer's directory, named by the gateway that holds it. */
export interface RemoteHit extends ServiceHit {
  gateway: string;
}

export interface PeerResults {
  /** The peers' best `limit` hits each (not yet merged with this gateway's own). */
  hits: RemoteHit[];
  /** How many matched in all at the peers that answered. */
  total: number;
  peers: PeerAnswer[];
}

/** Asks every peer's directory for its best `limit` matches, in parallel. */
export type FederatedSearch = (query: ServiceQuery, limit: number) => Promise<PeerResults>;
