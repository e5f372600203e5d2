/**
 * The peer connector, the caller's half: her case view on this gateway includes the records the
 * agencies of another gateway hold for her. Only the gateways of members that took part in her
 * referrals here are asked (nobody is asked about a person they never dealt with), each with a token
 * that the calling member's key signs (this gateway hosts the member), naming the caller's purpose
 * and role, so that the peer decides as the data holder what that member may have. What comes back
 * is filtered again here (gateway/server/read-operations.ts) before the caller sees a field.
 */
import { issueToken } from '../auth/token.ts';
import type { Principal } from '../auth/types.ts';
import { isNrxError } from '../../lib/errors.ts';
import { peerBodyProblems } from './peer-bodies.ts';
import type { PeerClient } from './peer-client.ts';
import type { PeerIdentity } from './peer-identity.ts';
import type { Peer, PeerDirectory } from './peers.ts';

export const PEER_CASES_PATH = '/peer/v1/cases';

/** One record a peer released to the caller, as its own policy filtered it. */
export interface PeerCaseRecord {
  connector: string;
  /** The member whose system holds it. */
  member: string;
  sections: Record<string, unknown>;
  /** What the peer withheld, by pointer and reason: never the values. */
  withheld: Array<{ pointer: string; reason: string }>;
}

export interface CaseAnswer {
  kind: 'peer-case-answer';
  records: PeerCaseRecord[];
  /** The peer's connectors that failed, by name and code. */
  problems: Array<{ connector: string; code: string }>;
}

export interface PeerCaseProblem {
  connector: string;
  code: string;
  message: string;
}

type Gathered = { records: PeerCaseRecord[]; problems: PeerCaseProblem[] };

export interface PeerCases {
  /** Her records at the gateways of `counterparts` (members of her referrals), as each released them to the caller. */
  gather(principal: Principal, user: string, subject: string, counterparts: Iterable<string>): Promise<Gathered>;
}

/** A short-lived token of the calling member for one peer: its purpose and role, the peer as audience. */
const TOKEN_TTL_SECONDS = 60;
/** A token is reused until this much of its life is left, so that the peer answers it from its verified-token cache. */
const RENEW_BEFORE_MS = 20_000;
const MAX_CACHED_TOKENS = 1000;

const isCaseAnswer = (body: unknown): body is CaseAnswer => peerBodyProblems('peer-case-answer', body).length === 0;

export interface PeerCasesOptions {
  identity: PeerIdentity;
  peers: () => PeerDirectory;
  client: PeerClient;
  /**
   * Whether identical case queries in flight at the same moment (same peer, calling member, user,
   * purpose, role and subject) share one call (federation.shareCaseQueriesInFlight). A query that
   * starts after the shared call's answer arrived makes a call of its own: nothing is kept.
   */
  shareInFlight: boolean;
}

export function peerCases(options: PeerCasesOptions): PeerCases {
  const { identity, client } = options;
  const tokens = new Map<string, { token: string; renewAtMs: number }>();
  const inFlight = new Map<string, Promise<Gathered>>();

  /** Everything the peer's answer depends on besides her reference: who asks it, and for what. */
  const callerKey = (peer: Peer, principal: Principal, user: string) => [peer.baseUrl, principal.member.id, user, principal.purpose, principal.role].join('\u0000');

  async function memberToken(peer: Peer, principal: Principal, user: string): Promise<string> {
    const key = callerKey(peer, principal, user);
    const now = Date.now();
    const cached = tokens.get(key);
    if (cached && cached.renewAtMs > now) return cached.token;
    const token = await issueToken({
      privateJwk: identity.signingKey(principal.member.id).privateJwk,
      issuer: principal.member.id,
      subject: user,
      audience: peer.audience,
      purpose: principal.purpose,
      role: principal.role,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    if (tokens.size >= MAX_CACHED_TOKENS) tokens.clear();
    tokens.set(key, { token, renewAtMs: now + TOKEN_TTL_SECONDS * 1000 - RENEW_BEFORE_MS });
    return token;
  }

  /**
   * One call for every identical query in flight: the peer decides and audits once for that member,
   * user and purpose, and each caller's request here still filters and audits on its own. The
   * records are shared read-only, as connector records are (policy views never change a record).
   */
  function shared(peer: Peer, principal: Principal, user: string, subject: string): Promise<Gathered> {
    if (!options.shareInFlight) return ask(peer, principal, user, subject);
    const key = `${callerKey(peer, principal, user)}\u0000${subject}`;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const call = ask(peer, principal, user, subject).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    return call;
  }

  async function ask(peer: Peer, principal: Principal, user: string, subject: string): Promise<Gathered> {
    const name = `peer:${peer.hosts.join(',')}`;
    try {
      const token = await memberToken(peer, principal, user);
      // The member's own token, not the gateway's: the peer decides for the member who asks.
      const { body } = await client.call(peer, { method: 'POST', path: PEER_CASES_PATH, purpose: principal.purpose, body: { kind: 'peer-case-query', subject }, headers: { authorization: `Bearer ${token}` } });
      if (!isCaseAnswer(body)) return { records: [], problems: [{ connector: name, code: 'PEER_BAD_ANSWER', message: `the gateway at ${peer.baseUrl} did not answer with a case answer` }] };
      // A record is credited only to a member the peer hosts: it cannot speak for anyone else's system.
      const records = body.records.filter((r) => peer.hosts.includes(r.member));
      return { records, problems: body.problems.map((p) => ({ connector: `${name}/${String(p.connector).slice(0, 64)}`, code: String(p.code).slice(0, 64), message: `a connector of the gateway at ${peer.baseUrl} failed` })) };
    } catch (error) {
      if (!isNrxError(error)) throw error;
      return { records: [], problems: [{ connector: name, code: error.code, message: error.message }] };
    }
  }

  return {
    async gather(principal, user, subject, counterparts) {
      if (!identity.hosts(principal.member.id)) return { records: [], problems: [] };
      const directory = options.peers();
      const asked = new Map<string, Peer>();
      for (const id of counterparts) {
        if (directory.isLocal(id)) continue;
        try {
          const peer = directory.forMember(id);
          asked.set(peer.baseUrl, peer);
        } catch (error) {
          // A member without a reachable gateway has nothing to be asked for.
          if (!isNrxError(error)) throw error;
        }
      }
      const answers = await Promise.all([...asked.values()].map((peer) => shared(peer, principal, user, subject)));
      return { records: answers.flatMap((a) => a.records), problems: answers.flatMap((a) => a.problems) };
    },
  };
}
