/**
 * Federated statistics over three gateway processes: the coordinating body asks its own gateway,
 * which asks its two peers with its gateway token; each answers with its own suppressed table and
 * the combination agrees with each gateway's table. A peer that is down is reported, not counted.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../gateway/store/index.ts';
import { randomSchema } from '../gateway/support/federation.ts';
import { caseDocuments, storeCases } from '../gateway/statistics/cases.ts';
import { databaseWithSchema, startFleet, type Fleet, type GatewayPlan } from '../support/gateway-processes.ts';

const serverUrl = process.env.NRX_TEST_DATABASE_URL;
let fleet: Fleet;
const databases = new Map<string, string>();
const schemas: string[] = [];

const GATEWAYS = [
  { name: 'rs', gatewayId: 'RS/GOV/CPTV', members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/GOV/POLICE', agencyType: 'police' }], subjects: 700 },
  { name: 'at', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }, { id: 'AT/GOV/BK', agencyType: 'police' }], subjects: 500 },
  { name: 'md', gatewayId: 'MD/GOV/CNPT', members: [{ id: 'MD/GOV/CNPT', agencyType: 'coordinating-body' }, { id: 'MD/NGO/LS', agencyType: 'shelter' }], subjects: 300 },
];

beforeAll(async () => {
  const plans: GatewayPlan[] = [];
  for (const g of GATEWAYS) {
    const schema = randomSchema(`nrx_fedstats_${g.name}`);
    const databaseUrl = serverUrl ? await databaseWithSchema(serverUrl, schema) : undefined;
    if (databaseUrl) schemas.push(schema);
    if (databaseUrl) databases.set(g.name, databaseUrl);
    plans.push({ name: g.name, gatewayId: g.gatewayId, members: g.members, ...(databaseUrl ? { databaseUrl } : {}) });
  }
  fleet = await startFleet(plans);
  // Each gateway's own cases: written beside it on a server, or while it is stopped (an embedded store has one process).
  for (const [i, g] of GATEWAYS.entries()) {
    const gateway = fleet.get(g.name);
    const databaseUrl = databases.get(g.name);
    if (!databaseUrl) await gateway.stop();
    const store = await openStore(databaseUrl ? { databaseUrl } : { dataDir: gateway.dataDir });
    await storeCases(store.db, caseDocuments({ seed: 40 + i, subjects: g.subjects, senders: g.members.map((m) => m.id), recipient: g.gatewayId }));
    await store.close();
    if (!databaseUrl) await gateway.start();
  }
}, 300_000);

afterAll(async () => {
  await fleet?.stop();
  if (!serverUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

const TABLE = `query ($federated: Boolean) {
  statistics(measure: "referrals", dimensions: ["country", "sex"], federated: $federated) {
    categories cells { values count suppressed } suppression { k primary secondary peer } sources { gateway answered error }
  }
}`;

async function ask(name: string, federated: boolean) {
  const gateway = fleet.get(name);
  const token = await gateway.token(GATEWAYS.find((g) => g.name === name)!.gatewayId, { purpose: 'statistics' });
  const { status, body } = await gateway.graphql(token, TABLE, { federated });
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.statistics;
}

const cellOf = (table: any, values: string[]) => table.cells.find((c: any) => c.values.join('|') === values.join('|'));

describe('federated statistics over three gateway processes', () => {
  it("combines every gateway's own suppressed table, consistently with each", async () => {
    const combined = await ask('rs', true);
    expect(combined.sources).toEqual([
      { gateway: 'RS/GOV/CPTV', answered: true, error: null },
      { gateway: 'AT/GOV/BK', answered: true, error: null },
      { gateway: 'MD/GOV/CNPT', answered: true, error: null },
    ]);
    expect(combined.categories[0]).toEqual(['AT', 'MD', 'RS']);
    const own = await Promise.all(GATEWAYS.map((g) => ask(g.name, false)));
    for (const [i, g] of GATEWAYS.entries()) expect(cellOf(own[i], ['*', '*']).count).toBe(g.subjects);
    expect(cellOf(combined, ['*', '*']).count).toBe(1500);
    for (const cell of combined.cells) {
      const parts = own.map((t) => cellOf(t, cell.values));
      if (parts.some((p) => p?.count === null)) expect(cell).toMatchObject({ count: null, suppressed: 'peer' });
      else expect(cell.count).toBe(parts.reduce((sum, p) => sum + (p?.count ?? 0), 0));
    }
    // Each country's margin is that gateway's own total: its members are all of one country.
    for (const [i, g] of GATEWAYS.entries()) expect(cellOf(combined, [g.name.toUpperCase(), '*']).count).toBe(cellOf(own[i], [g.name.toUpperCase(), '*']).count);
  });

  it('reports a peer that is down and counts the others', async () => {
    await fleet.get('md').kill();
    try {
      const combined = await ask('rs', true);
      expect(combined.sources.find((s: any) => s.gateway === 'MD/GOV/CNPT')).toEqual({ gateway: 'MD/GOV/CNPT', answered: false, error: 'PEER_UNREACHABLE' });
      expect(cellOf(combined, ['*', '*']).count).toBe(1200);
      expect(combined.categories[0]).toEqual(['AT', 'RS']);
    } finally {
      await fleet.get('md').start();
    }
  });

  it('answers a peer only with its own table: a peer asked with a federated token does not ask further', async () => {
    const at = await ask('at', false);
    expect(at.sources).toBeNull();
    expect(at.categories[0]).toEqual(['AT']);
  });
});
