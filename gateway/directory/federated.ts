/**
 * The directory search across the federation: the same search asked of every peer gateway's
 * directory in parallel, through the one peer client (gateway/federation), each peer's answer
 * checked before its services are shown. A peer that does not answer in time, or answers badly, is
 * marked as such; the others' results are served.
 */
import { PeerError, type PeerClient } from '../federation/peer-client.ts';
import type { Peer } from '../federation/peers.ts';
import type { Service } from '../../schema/generated/nrx.d.ts';
import type { FederatedSearch, PeerAnswer, RemoteHit } from './federated-types.ts';
import type { PublishedService, ServiceHit, ServiceQuery } from './types.ts';

/** Where a peer's directory answers a search (gateway/server/directory-route.ts). */
export const PEER_SEARCH_PATH = '/directory/v1/search';
/** Directory data is public-tier; the gateway token names the referral purpose it serves. */
const PURPOSE = 'referral';

/** What a peer's directory sends back for a search. */
export interface PeerSearchAnswer {
  gateway: string;
  total: number;
  hits: Array<Pick<ServiceHit, 'score' | 'flags'> & { service: Pick<PublishedService, 'id' | 'organization' | 'updated' | 'document'> }>;
}

export interface FederatedSearchOptions {
  peers: readonly Peer[];
  client: PeerClient;
  /** The spec's check of a service document; a peer's entry that fails it is not shown. */
  isValidService: (document: unknown) => boolean;
}

/** The peer's answer, keeping only what is sound: hits of the members it hosts, valid against the spec. */
function readAnswer(peer: Peer, body: unknown, isValidService: (document: unknown) => boolean): { gateway: string; total: number; hits: RemoteHit[] } {
  const answer = body as Partial<PeerSearchAnswer> | null;
  if (!answer || typeof answer !== 'object' || typeof answer.gateway !== 'string' || !peer.hosts.includes(answer.gateway) || typeof answer.total !== 'number' || !Array.isArray(answer.hits)) {
    throw new PeerError('PEER_BAD_ANSWER', `the directory answer of ${peer.baseUrl} is not a search answer of a gateway it hosts`, { retryable: true });
  }
  const hits: RemoteHit[] = [];
  for (const hit of answer.hits) {
    const s = hit?.service;
    if (!s || typeof hit.score !== 'number' || !Array.isArray(hit.flags) || !peer.hosts.includes(String(s.organization)) || !isValidService(s.document)) continue;
    const document = s.document as Service;
    if (document.id !== s.id || document.organization !== s.organization) continue;
    hits.push({
      gateway: answer.gateway,
      score: hit.score,
      flags: hit.flags.filter((f): f is string => typeof f === 'string'),
      service: { id: document.id, organization: document.organization, source: 'member', updated: typeof s.updated === 'string' ? s.updated : '', document },
    });
  }
  return { gateway: answer.gateway, total: answer.total, hits };
}

export function federatedSearch(options: FederatedSearchOptions): FederatedSearch {
  const { peers, client, isValidService } = options;
  return async (query: ServiceQuery, limit: number) => {
    const answers = await Promise.all(peers.map(async (peer) => {
      const base: PeerAnswer = { url: peer.baseUrl, members: [...peer.hosts], answered: false };
      try {
        const { body } = await client.call(peer, { method: 'POST', path: PEER_SEARCH_PATH, purpose: PURPOSE, body: { query, limit } });
        const read = readAnswer(peer, body, isValidService);
        return { answer: { ...base, answered: true, gateway: read.gateway }, hits: read.hits, total: read.total };
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'PEER_UNREACHABLE';
        return { answer: { ...base, error: code }, hits: [], total: 0 };
      }
    }));
    return {
      hits: answers.flatMap((a) => a.hits),
      total: answers.reduce((sum, a) => sum + a.total, 0),
      peers: answers.map((a) => a.answer),
    };
  };
}
