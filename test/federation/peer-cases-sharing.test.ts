/**
 * Identical case queries to a peer in flight at the same moment share one call; anything else (a
 * later query, another user, purpose or subject, the setting off) makes its own call.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Principal, TrustedMember } from '../../gateway/auth/types.ts';
import type { PeerAnswer, PeerClient, PeerRequest } from '../../gateway/federation/peer-client.ts';
import { peerCases, type CaseAnswer } from '../../gateway/federation/peer-cases.ts';
import type { PeerIdentity } from '../../gateway/federation/peer-identity.ts';
import type { Peer, PeerDirectory } from '../../gateway/federation/peers.ts';
import { PeerError } from '../../gateway/federation/peer-client.ts';

const AT: Peer = { baseUrl: 'http://127.0.0.1:1', country: 'AT', hosts: ['AT/NGO/LEFOE'], audience: ['AT/NGO/LEFOE'], development: true };
const directory = { isLocal: (id: string) => id.startsWith('RS/'), forMember: () => AT } as unknown as PeerDirectory;

async function identity(): Promise<PeerIdentity> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'rs-test' };
  return { gatewayId: 'RS/GOV/CPTV', hostedMembers: ['RS/GOV/CPTV'], hosts: () => true, signingKey: () => ({ privateJwk }) } as unknown as PeerIdentity;
}

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  member: { id: 'RS/GOV/CPTV', country: 'RS' } as TrustedMember, user: 'cw-1', purpose: 'return-reintegration', role: 'case-worker', expiresAt: new Date(Date.now() + 60_000), ...overrides,
});

const answer = (givenName: string): CaseAnswer => ({
  kind: 'peer-case-answer', problems: [],
  records: [{ connector: 'lefoe-cases', member: 'AT/NGO/LEFOE', sections: { person: { subject: 'her-ref', givenName } }, withheld: [] }],
});

/** A peer client whose calls wait until the test answers them. */
function heldClient() {
  const calls: Array<{ request: PeerRequest; settle: (outcome: CaseAnswer | Error) => void }> = [];
  const client: PeerClient = {
    call<T>(_peer: Peer, request: PeerRequest): Promise<PeerAnswer<T>> {
      return new Promise((resolve, reject) => {
        calls.push({ request, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve({ status: 200, body: outcome as T, bytes: new Uint8Array() })) });
      });
    },
  };
  return { client, calls };
}

/**
 * Waits until the gatherers have made `count` calls (each signs its member token first, which takes
 * a while on a busy machine). Sharing is decided when a query starts, so no later call can join in.
 */
async function callsReach(calls: readonly unknown[], count: number): Promise<void> {
  for (const until = Date.now() + 10_000; calls.length < count && Date.now() < until;) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 20));
}

describe('case queries in flight at once', () => {
  it('share one call when identical, and each caller gets the records', async () => {
    const { client, calls } = heldClient();
    const cases = peerCases({ identity: await identity(), peers: () => directory, client, shareInFlight: true });
    const asks = Array.from({ length: 5 }, () => cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']));
    await callsReach(calls, 1);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request.body).toEqual({ kind: 'peer-case-query', subject: 'her-ref' });
    calls[0]!.settle(answer('Jelena'));
    for (const gathered of await Promise.all(asks)) expect(gathered.records.map((r) => r.sections.person)).toEqual([{ subject: 'her-ref', givenName: 'Jelena' }]);
  });

  it('never share an answer that already arrived: the next query asks again', async () => {
    const { client, calls } = heldClient();
    const cases = peerCases({ identity: await identity(), peers: () => directory, client, shareInFlight: true });
    const first = cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']);
    await callsReach(calls, 1);
    calls[0]!.settle(answer('Jelena'));
    await first;
    // Meanwhile the peer's answer changed (her consent there was withdrawn): the next query sees it.
    const second = cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']);
    await callsReach(calls, 2);
    expect(calls).toHaveLength(2);
    calls[1]!.settle({ kind: 'peer-case-answer', records: [], problems: [] });
    expect((await second).records).toEqual([]);
  });

  it('are not shared across users, purposes, roles or subjects', async () => {
    const { client, calls } = heldClient();
    const cases = peerCases({ identity: await identity(), peers: () => directory, client, shareInFlight: true });
    const asks = [
      cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']),
      cases.gather(principal({ user: 'cw-2' }), 'cw-2', 'her-ref', ['AT/NGO/LEFOE']),
      cases.gather(principal({ purpose: 'assistance' }), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']),
      cases.gather(principal({ role: 'supervisor' }), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']),
      cases.gather(principal(), 'cw-1', 'other-ref', ['AT/NGO/LEFOE']),
    ];
    await callsReach(calls, 5);
    expect(calls).toHaveLength(5);
    for (const call of calls) call.settle(answer('x'));
    await Promise.all(asks);
  });

  it('share a failure as a problem of each caller, and the next query asks again', async () => {
    const { client, calls } = heldClient();
    const cases = peerCases({ identity: await identity(), peers: () => directory, client, shareInFlight: true });
    const asks = [1, 2].map(() => cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']));
    await callsReach(calls, 1);
    expect(calls).toHaveLength(1);
    calls[0]!.settle(new PeerError('PEER_UNREACHABLE', 'cannot connect', { retryable: true }));
    for (const gathered of await Promise.all(asks)) expect(gathered.problems).toEqual([expect.objectContaining({ connector: 'peer:AT/NGO/LEFOE', code: 'PEER_UNREACHABLE' })]);
    const again = cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']);
    await callsReach(calls, 2);
    expect(calls).toHaveLength(2);
    calls[1]!.settle(answer('Jelena'));
    expect((await again).records).toHaveLength(1);
  });

  it('each make a call of their own when sharing is off', async () => {
    const { client, calls } = heldClient();
    const cases = peerCases({ identity: await identity(), peers: () => directory, client, shareInFlight: false });
    const asks = [1, 2, 3].map(() => cases.gather(principal(), 'cw-1', 'her-ref', ['AT/NGO/LEFOE']));
    await callsReach(calls, 3);
    expect(calls).toHaveLength(3);
    for (const call of calls) call.settle(answer('Jelena'));
    expect((await Promise.all(asks)).every((g) => g.records.length === 1)).toBe(true);
  });
});
