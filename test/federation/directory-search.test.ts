/**
 * The directory search across the federation: three gateways as separate processes (Serbia, Austria,
 * Moldova), each publishing its members' services from its configuration's services file; one asks
 * the other two in parallel, merges by rank, and marks a peer that is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServices, type DirectoryCountry } from '../../gateway/demo/services.ts';
import { PEER_SEARCH_PATH } from '../../gateway/directory/federated.ts';
import { randomSchema } from '../gateway/support/federation.ts';
import { databaseWithSchema, startFleet, type Fleet, type GatewayPlan } from '../support/gateway-processes.ts';

const SEARCH = `query($filter: ServiceFilter, $first: Int, $after: String) {
  federatedServices(filter: $filter, first: $first, after: $after) {
    totalCount complete
    peers { url gateway answered error members }
    edges { cursor node { gateway score flags service { id organization categories serviceAreas { country } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const GATEWAYS: Array<{ name: string; country: DirectoryCountry; gatewayId: string; members: GatewayPlan['members'] }> = [
  { name: 'rs', country: 'RS', gatewayId: 'RS/GOV/CPTV', members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ATINA', agencyType: 'shelter' }] },
  { name: 'at', country: 'AT', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }] },
  { name: 'md', country: 'MD', gatewayId: 'MD/GOV/CNPTV', members: [{ id: 'MD/GOV/CNPTV', agencyType: 'coordinating-body' }, { id: 'MD/NGO/LASTRADA', agencyType: 'sos-helpline' }] },
];
const PER_GATEWAY = 60;

let fleet: Fleet;
let dir: string;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nrx-directory-fleet-'));
  const url = process.env.NRX_TEST_DATABASE_URL;
  const plans: GatewayPlan[] = [];
  for (const [i, g] of GATEWAYS.entries()) {
    const servicesFile = join(dir, `${g.name}-services.json`);
    writeFileSync(servicesFile, JSON.stringify(generateServices({ count: PER_GATEWAY, seed: 100 + i, countries: [g.country], organizations: g.members.map((m) => m.id) })));
    plans.push({
      name: g.name,
      gatewayId: g.gatewayId,
      members: g.members,
      ...(url ? { databaseUrl: await databaseWithSchema(url, randomSchema(`nrx_dir_${g.name}`)) } : {}),
      config: { directory: { servicesFile, peerTimeoutMs: 5000 } },
    });
  }
  fleet = await startFleet(plans);
  token = await fleet.get('rs').token('RS/NGO/ATINA', { purpose: 'assistance' });
}, 180_000);

afterAll(async () => {
  await fleet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('federated directory search', () => {
  it('asks every peer in parallel and merges their results by rank', async () => {
    const { status, body } = await fleet.get('rs').graphql(token, SEARCH, { filter: { categories: ['accommodation'] }, first: 100 });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const result = body.data.federatedServices;
    expect(result.complete).toBe(true);
    expect(result.peers.map((p: any) => [p.gateway, p.answered]).sort()).toEqual([['AT/NGO/LEFOE', true], ['MD/GOV/CNPTV', true]]);
    const nodes = result.edges.map((e: any) => e.node);
    expect(new Set(nodes.map((n: any) => n.gateway))).toEqual(new Set(['RS/GOV/CPTV', 'AT/NGO/LEFOE', 'MD/GOV/CNPTV']));
    for (const n of nodes) expect(n.service.categories.some((c: string) => c === 'accommodation' || c.startsWith('accommodation.'))).toBe(true);
    const scores = nodes.map((n: any) => n.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Each gateway serves only its own members' services.
    for (const n of nodes) expect(GATEWAYS.find((g) => g.gatewayId === n.gateway)!.members.map((m) => m.id)).toContain(n.service.organization);
    expect(result.totalCount).toBe(nodes.length);
  });

  it('narrows by country at every peer, and pages the merged list without overlap', async () => {
    const moldova = await fleet.get('rs').graphql(token, SEARCH, { filter: { country: 'MD', language: 'ro' }, first: 100 });
    const nodes = moldova.body.data.federatedServices.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.gateway === 'MD/GOV/CNPTV')).toBe(true);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { body } = await fleet.get('rs').graphql(token, SEARCH, { filter: { categories: ['medical', 'psychological'] }, first: 7, ...(after ? { after } : {}) });
      const c = body.data.federatedServices;
      seen.push(...c.edges.map((e: any) => e.node.service.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    const all = await fleet.get('rs').graphql(token, SEARCH, { filter: { categories: ['medical', 'psychological'] }, first: 100 });
    expect(seen).toEqual(all.body.data.federatedServices.edges.map((e: any) => e.node.service.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a peer search without a gateway token, or a malformed one, in the peer protocol\'s error form', async () => {
    const at = fleet.get('at').url;
    const anonymous = await fetch(`${at}${PEER_SEARCH_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: {}, limit: 5 }) });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ kind: 'peer-error', code: 'TOKEN_MISSING' });
    const member = await fleet.get('at').token('AT/NGO/LEFOE');
    const malformed = await fetch(`${at}${PEER_SEARCH_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${member}` }, body: JSON.stringify({ query: { eligibility: ['pensioner'] }, limit: 5 }) });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ kind: 'peer-error', code: 'BAD_USER_INPUT' });
  });

  it('marks a peer that is down, and serves the others\' results', async () => {
    await fleet.get('md').stop();
    const { body } = await fleet.get('rs').graphql(token, SEARCH, { filter: { categories: ['accommodation'] }, first: 100 });
    expect(body.errors).toBeUndefined();
    const result = body.data.federatedServices;
    expect(result.complete).toBe(false);
    const md = result.peers.find((p: any) => p.members.includes('MD/GOV/CNPTV'));
    expect(md).toMatchObject({ answered: false, gateway: null, error: 'PEER_UNREACHABLE' });
    expect(result.peers.find((p: any) => p.members.includes('AT/NGO/LEFOE')).answered).toBe(true);
    const gateways = new Set(result.edges.map((e: any) => e.node.gateway));
    expect(gateways).toEqual(new Set(['RS/GOV/CPTV', 'AT/NGO/LEFOE']));
  });
});
