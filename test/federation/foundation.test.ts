/**
 * The parts every gateway-to-gateway call stands on: gateways as separate processes from one trust
 * list, the gateway's own token accepted by a peer, the peer client's error codes for each kind of
 * bad peer, and LISTEN/NOTIFY on both stores.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrustListFile } from '../../gateway/auth/trust-list.ts';
import { createPeerClient, PeerError } from '../../gateway/federation/peer-client.ts';
import { loadPeerIdentity, type PeerIdentity } from '../../gateway/federation/peer-identity.ts';
import { peerDirectory, type Peer } from '../../gateway/federation/peers.ts';
import { openStore } from '../../gateway/store/index.ts';
import { createNotifier } from '../../gateway/store/notify.ts';
import { startFleet, databaseWithSchema, type Fleet } from '../support/gateway-processes.ts';
import { join } from 'node:path';
import { randomSchema } from '../gateway/support/federation.ts';

let fleet: Fleet;
let identity: PeerIdentity;

beforeAll(async () => {
  fleet = await startFleet([
    { name: 'rs', gatewayId: 'RS/GOV/CPTV', members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ATINA', agencyType: 'shelter' }] },
    { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }] },
  ], { otherMembers: [{ id: 'MD/GOV/CNPTV', agencyType: 'coordinating-body' }] });
  const trustList = await loadTrustListFile(fleet.trustListFile, fleet.operatorPublicKeyFile);
  identity = await loadPeerIdentity({
    gatewayId: 'RS/GOV/CPTV',
    hostedMembers: ['RS/GOV/CPTV', 'RS/NGO/ATINA'].map((id) => ({ id, keyFile: join(fleet.dir, 'keys', `${id.replace(/\//g, '_')}.private.jwk.json`) })),
    trustList,
  });
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
});

async function peersOfRs() {
  const trustList = await loadTrustListFile(fleet.trustListFile, fleet.operatorPublicKeyFile);
  return peerDirectory({ trustList, localMembers: identity.hostedMembers, allowDevelopmentTransport: true });
}

describe('gateways as processes from one trust list', () => {
  it('runs each gateway on its own port, and the peer directory groups members by gateway', async () => {
    const peers = await peersOfRs();
    expect(peers.all.map((p) => p.baseUrl)).toEqual([fleet.get('at').url]);
    expect(peers.forMember('AT/NGO/LEFOE').hosts).toEqual(['AT/NGO/LEFOE']);
    expect(peers.isLocal('RS/NGO/ATINA')).toBe(true);
    expect(() => peers.forMember('RS/NGO/ATINA')).toThrow(expect.objectContaining({ code: 'PEER_UNKNOWN' }));
    expect(() => peers.forMember('MD/GOV/CNPTV')).toThrow(expect.objectContaining({ code: 'PEER_UNKNOWN', message: expect.stringContaining('lists no gateway') }));
    const strict = peerDirectory({ trustList: await loadTrustListFile(fleet.trustListFile, fleet.operatorPublicKeyFile), localMembers: identity.hostedMembers, allowDevelopmentTransport: false });
    expect(() => strict.forMember('AT/NGO/LEFOE')).toThrow(expect.objectContaining({ code: 'PEER_INSECURE_TRANSPORT' }));
  });

  it("accepts the gateway's own service token at its peer, through the peer's ordinary authenticator", async () => {
    const peer = (await peersOfRs()).forMember('AT/NGO/LEFOE');
    const token = await identity.tokenFor(peer, 'referral');
    expect(await identity.tokenFor(peer, 'referral')).toBe(token);
    const answer = await fleet.get('at').graphql(token, '{ __typename }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ __typename: 'Query' });
    // The same token is refused by a gateway it does not name.
    const elsewhere = await fleet.get('rs').graphql(token, '{ __typename }');
    expect(elsewhere.status).toBe(401);
  });

  it('refuses to start with a hosted member whose key the trust list does not hold', async () => {
    const trustList = await loadTrustListFile(fleet.trustListFile, fleet.operatorPublicKeyFile);
    const wrongKey = join(fleet.dir, 'keys', 'AT_NGO_LEFOE.private.jwk.json');
    await expect(loadPeerIdentity({ gatewayId: 'RS/GOV/CPTV', hostedMembers: [{ id: 'RS/GOV/CPTV', keyFile: wrongKey }], trustList })).rejects.toMatchObject({ code: 'HOSTED_MEMBER_INVALID' });
    await expect(loadPeerIdentity({ gatewayId: 'RS/GOV/CPTV', hostedMembers: [], trustList })).rejects.toMatchObject({ code: 'HOSTED_MEMBER_INVALID' });
  });
});

describe('the peer client', () => {
  const servers: Server[] = [];
  async function fakePeer(handler: Parameters<typeof createServer>[1]): Promise<Peer> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return { baseUrl: url, country: 'AT', hosts: ['AT/NGO/LEFOE'], audience: ['AT/NGO/LEFOE'], development: true };
  }
  afterAll(() => {
    for (const server of servers) server.closeAllConnections(), server.close();
  });
  const client = () => createPeerClient({ identity, allowDevelopmentTransport: true, timeoutMs: 500, maxResponseBytes: 2048 });
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('the call succeeded'), (error: PeerError) => error);

  it('returns a 2xx JSON answer with the bytes that arrived', async () => {
    const peer = (await peersOfRs()).forMember('AT/NGO/LEFOE');
    const answer = await client().call<{ gatewayId: string }>(peer, { method: 'GET', path: '/', purpose: 'referral' });
    expect(answer.body.gatewayId).toBe('AT/NGO/LEFOE');
    expect(new TextDecoder().decode(answer.bytes)).toContain('AT/NGO/LEFOE');
  });

  it('names each kind of bad peer with its own code', async () => {
    const absent = await fakePeer(() => {});
    servers.at(-1)!.close();
    servers.at(-1)!.closeAllConnections();
    expect(await failure(client().call(absent, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_UNREACHABLE', retryable: true });

    const slow = await fakePeer(() => {});
    expect(await failure(client().call(slow, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_TIMEOUT', retryable: true });

    const garbage = await fakePeer((_req, res) => res.end('<html>not json'));
    expect(await failure(client().call(garbage, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_BAD_ANSWER' });

    const huge = await fakePeer((_req, res) => res.end(JSON.stringify({ padding: 'x'.repeat(10_000) })));
    expect(await failure(client().call(huge, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_BAD_ANSWER', message: expect.stringContaining('larger than 2048') });

    const refusing = await fakePeer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'peer-error', code: 'SENDER_SUSPENDED', message: 'suspended' }));
    });
    expect(await failure(client().call(refusing, { method: 'POST', path: '/peer/v1/referrals', body: {}, purpose: 'referral' }))).toMatchObject({ code: 'PEER_REFUSED', peerCode: 'SENDER_SUSPENDED', status: 403, retryable: false });

    const busy = await fakePeer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'peer-error', code: 'NOT_READY', message: 'starting' }));
    });
    expect(await failure(client().call(busy, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_REFUSED', retryable: true });

    const plain = { ...absent, baseUrl: 'http://10.1.2.3:80' };
    expect(await failure(client().call(plain, { method: 'GET', path: '/', purpose: 'referral' }))).toMatchObject({ code: 'PEER_INSECURE_TRANSPORT', retryable: false });
  });
});

describe('LISTEN/NOTIFY', () => {
  const stores: { label: string; url?: string }[] = [{ label: 'embedded' }, ...(process.env.NRX_TEST_DATABASE_URL ? [{ label: 'server', url: process.env.NRX_TEST_DATABASE_URL }] : [])];
  for (const { label, url } of stores) {
    it(`wakes a listener after notify, on the ${label} store`, async () => {
      const schema = randomSchema('nrx_test_notify');
      const store = await openStore(url ? { databaseUrl: await databaseWithSchema(url, schema) } : {});
      const notifier = createNotifier(store.db);
      const other = createNotifier(store.db);
      try {
        const heard: (string | undefined)[] = [];
        const arrived = Promise.withResolvers<void>();
        const stop = await notifier.listen('nrx_test_wake', (payload) => {
          heard.push(payload);
          if (heard.length === 2) arrived.resolve();
        });
        // On a server, a second notifier (as another process would) reaches the first.
        await (url ? other : notifier).notify('nrx_test_wake', 'one');
        await (url ? other : notifier).notify('nrx_test_wake');
        await arrived.promise;
        expect(heard).toEqual(['one', '']);
        await stop();
        await expect(notifier.notify('Bad Channel')).rejects.toMatchObject({ code: 'NOTIFY_CHANNEL_INVALID' });
      } finally {
        await notifier.close();
        await other.close();
        if (url) await store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await store.close();
      }
    });
  }
});
