/**
 * The other gateways of the federation, read from the signed trust list: a member's gateway is the
 * base URL at `members[].endpoints.gateway`, and members listing the same URL are hosted by the same
 * gateway (as members share an X-Road security server). Nothing here calls the network.
 */
import type { TrustList, TrustedMember } from '../auth/types.ts';
import { NrxError } from '../../lib/errors.ts';

export interface Peer {
  /** The base URL from the trust list, without a trailing slash. */
  baseUrl: string;
  /** The country of the members it hosts (the first one's, when they differ). */
  country: string;
  /** The members this gateway hosts, sorted. */
  hosts: readonly string[];
  /**
   * The audience of a gateway-level token for this peer: every member it hosts. The peer's own
   * gatewayId is one of them, and its authenticator accepts a token whose `aud` array includes it,
   * so the caller needs no list of gateway ids beyond the trust list.
   */
  audience: readonly string[];
  /** Plain http:// on a loopback host: usable only where development transport is allowed. */
  development: boolean;
}

export interface PeerDirectory {
  /** Every peer gateway, this gateway excluded. */
  readonly all: readonly Peer[];
  /** The peer that hosts `memberId`; PEER_UNKNOWN when none does or this gateway hosts it itself. */
  forMember(memberId: string): Peer;
  /** The peer that hosts `memberId`, whatever its transport; undefined when no peer does. */
  hosting(memberId: string): Peer | undefined;
  /** The peer at a base URL, if any. */
  atUrl(baseUrl: string): Peer | undefined;
  /** Whether this gateway hosts the member itself. */
  isLocal(memberId: string): boolean;
}

export interface PeerDirectoryOptions {
  trustList: TrustList;
  /** The members this gateway hosts (federation.hostedMembers, and its own gatewayId). */
  localMembers: Iterable<string>;
  /** Whether plain http:// loopback peers may be called (federation.allowDevelopmentTransport). */
  allowDevelopmentTransport: boolean;
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:[0-9]{1,5})?(\/|$)/;

/** A gateway URL in one spelling, so that members listing the same gateway are grouped together. */
export function normaliseGatewayUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Whether a gateway URL may be called under the transport rule of the peer protocol. */
export function transportAllowed(url: string, allowDevelopmentTransport: boolean): boolean {
  if (url.startsWith('https://')) return true;
  return allowDevelopmentTransport && LOOPBACK.test(url);
}

function isActive(member: TrustedMember): boolean {
  return member.status !== 'suspended';
}

/** Builds the peer directory of one trust list; rebuild it when the trust list is reloaded. */
export function peerDirectory(options: PeerDirectoryOptions): PeerDirectory {
  const local = new Set(options.localMembers);
  const byUrl = new Map<string, TrustedMember[]>();
  const localUrls = new Set<string>();
  for (const member of options.trustList.members.values()) {
    const url = member.endpoints.gateway;
    if (!url) continue;
    const key = normaliseGatewayUrl(url);
    if (local.has(member.id)) localUrls.add(key);
    const members = byUrl.get(key) ?? [];
    members.push(member);
    byUrl.set(key, members);
  }
  const peers = new Map<string, Peer>();
  const peerOf = new Map<string, Peer>();
  for (const [baseUrl, members] of byUrl) {
    // A URL that lists one of this gateway's own members is this gateway (or one of its replicas).
    if (localUrls.has(baseUrl)) continue;
    const hosts = members.filter(isActive).map((m) => m.id).sort();
    if (hosts.length === 0) continue;
    const peer: Peer = Object.freeze({
      baseUrl,
      country: members[0]!.country,
      hosts: Object.freeze(hosts),
      audience: Object.freeze(hosts),
      development: !baseUrl.startsWith('https://'),
    });
    peers.set(baseUrl, peer);
    for (const id of hosts) peerOf.set(id, peer);
  }
  return {
    all: Object.freeze([...peers.values()]),
    isLocal: (memberId) => local.has(memberId),
    hosting: (memberId) => (local.has(memberId) ? undefined : peerOf.get(memberId)),
    atUrl: (baseUrl) => peers.get(normaliseGatewayUrl(baseUrl)),
    forMember(memberId) {
      if (local.has(memberId)) throw new NrxError('PEER_UNKNOWN', `member ${memberId} is hosted by this gateway, not by a peer`);
      const peer = peerOf.get(memberId);
      if (!peer) {
        const member = options.trustList.members.get(memberId);
        const why = !member ? 'is not in the trust list' : !isActive(member) ? 'is suspended' : 'lists no gateway (endpoints.gateway)';
        throw new NrxError('PEER_UNKNOWN', `member ${memberId} ${why}, so no gateway can be reached for it`);
      }
      if (!transportAllowed(peer.baseUrl, options.allowDevelopmentTransport)) {
        throw new NrxError('PEER_INSECURE_TRANSPORT', `the gateway of ${memberId} is at ${peer.baseUrl}: plain http:// is used only for a loopback host with federation.allowDevelopmentTransport`);
      }
      return peer;
    },
  };
}
