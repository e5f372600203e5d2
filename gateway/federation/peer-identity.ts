/**
 * Who this gateway is to its peers: the members it hosts, each with the private key it signs that
 * member's messages with (as an X-Road security server holds its members' keys), and the short-lived
 * token it presents to a peer, signed by the member named by its own gatewayId.
 */
import type { CryptoKey, JWK } from 'jose';
import { importSigningKey, readPrivateJwkFile, type SigningAlgorithm } from '../auth/keys.ts';
import { issueToken } from '../auth/token.ts';
import type { TrustList } from '../auth/types.ts';
import type { Peer } from './peers.ts';
import { NrxError } from '../../lib/errors.ts';

/** A hosted member's signing key, imported once. */
export interface HostedKey {
  memberId: string;
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey;
  privateJwk: JWK;
}

export interface PeerIdentity {
  /** This gateway's own member id (config `gatewayId`): the issuer of its gateway-level tokens. */
  readonly gatewayId: string;
  /** The members this gateway hosts, its own gatewayId among them. */
  readonly hostedMembers: readonly string[];
  hosts(memberId: string): boolean;
  /** The signing key of a hosted member; HOSTED_MEMBER_INVALID for a member this gateway does not host. */
  signingKey(memberId: string): HostedKey;
  /**
   * A token for a gateway-level call to `peer`: iss = gatewayId, aud = the members the peer hosts,
   * role `service`, the purpose given. Reused until a minute before it expires.
   */
  tokenFor(peer: Peer, purpose: string): Promise<string>;
}

export interface PeerIdentityOptions {
  gatewayId: string;
  /** federation.hostedMembers: the gatewayId's own member must be among them. */
  hostedMembers: readonly { id: string; keyFile: string }[];
  trustList: TrustList;
  /** Lifetime of a gateway token in seconds (default 300: short, as the token travels on every call). */
  tokenTtlSeconds?: number;
  now?: () => number;
}

/** The public parameters that identify a key, for comparing a private file with the listed key. */
function publicParameters(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)) as JWK;
}

/**
 * Reads and checks every hosted member's key: the member must be in the trust list and the key's
 * public half one of the keys listed for it, so that what this gateway signs verifies at every peer.
 */
export async function loadPeerIdentity(options: PeerIdentityOptions): Promise<PeerIdentity> {
  const keys = new Map<string, HostedKey>();
  for (const { id, keyFile } of options.hostedMembers) {
    const member = options.trustList.members.get(id);
    if (!member) throw new NrxError('HOSTED_MEMBER_INVALID', `federation.hostedMembers: ${id} is not a member of the trust list`);
    if (keys.has(id)) throw new NrxError('HOSTED_MEMBER_INVALID', `federation.hostedMembers: ${id} is listed twice`);
    const privateJwk = readPrivateJwkFile(keyFile);
    const listed = member.jwks.keys.find((k) => k.kid === privateJwk.kid);
    if (!listed || JSON.stringify(publicParameters(listed)) !== JSON.stringify(publicParameters(privateJwk))) {
      throw new NrxError('HOSTED_MEMBER_INVALID', `federation.hostedMembers: the key in ${keyFile} is not one of the keys the trust list holds for ${id}`);
    }
    const { alg, key } = await importSigningKey(privateJwk);
    keys.set(id, { memberId: id, kid: privateJwk.kid!, alg, key, privateJwk });
  }
  if (!keys.has(options.gatewayId)) {
    throw new NrxError('HOSTED_MEMBER_INVALID', `federation.hostedMembers must include the gateway's own member ${options.gatewayId}: its key signs the gateway's calls to its peers`);
  }
  const ttl = options.tokenTtlSeconds ?? 300;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, { token: string; renewAtMs: number }>();
  const hostedMembers = Object.freeze([...keys.keys()].sort());

  return {
    gatewayId: options.gatewayId,
    hostedMembers,
    hosts: (memberId) => keys.has(memberId),
    signingKey(memberId) {
      const key = keys.get(memberId);
      if (!key) throw new NrxError('HOSTED_MEMBER_INVALID', `this gateway does not host ${memberId}, so it cannot sign for it`);
      return key;
    },
    async tokenFor(peer, purpose) {
      const cacheKey = `${peer.baseUrl} ${purpose}`;
      const at = now();
      const cached = tokens.get(cacheKey);
      if (cached && cached.renewAtMs > at) return cached.token;
      const token = await issueToken({
        privateJwk: keys.get(options.gatewayId)!.privateJwk,
        issuer: options.gatewayId,
        subject: options.gatewayId,
        audience: peer.audience,
        purpose,
        role: 'service',
        ttlSeconds: ttl,
      });
      tokens.set(cacheKey, { token, renewAtMs: at + Math.max(1, ttl - 60) * 1000 });
      return token;
    },
  };
}
