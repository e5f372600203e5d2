/**
 * The trust-list sequence survives restarts: a gateway process restarted with a list older than
 * one it accepted before (an old file put back) refuses to start and says why, on the embedded
 * store and on a PostgreSQL server; the same list or a newer one starts. A list put in force by a
 * reload while running counts too. Commands that read a list without a store are unaffected.
 *
 * The server half needs PostgreSQL: NRX_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTrustList, type TrustListDocument } from '../../gateway/auth/trust-list.ts';
import { randomSchema } from '../gateway/support/federation.ts';
import { databaseWithSchema, startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';

const OPERATOR = 'RS/GOV/NRX-OPERATOR';
const serverUrl = process.env.NRX_TEST_DATABASE_URL;
if (!serverUrl) console.warn('trust-list-rollback: the PostgreSQL half is skipped, it needs a server (set NRX_TEST_DATABASE_URL)');
const schema = randomSchema('nrx_test_tl_rollback');

let fleet: Fleet;
let first: string;
/** The list the first test puts in force. */
let newer: string;

const documentOf = (jws: string): TrustListDocument => JSON.parse(Buffer.from(jws.trim().split('.')[1]!, 'base64url').toString('utf8')) as TrustListDocument;

/** The first list, re-issued `step` sequences later with `edit` applied. */
async function issue(step: number, edit: (doc: TrustListDocument) => void = () => {}): Promise<string> {
  const document = structuredClone(documentOf(first));
  document.sequence += step;
  document.id = crypto.randomUUID();
  edit(document);
  return `${await signTrustList(document, fleet.memberKeys.get(OPERATOR)!)}\n`;
}

const publish = (text: string) => writeFileSync(fleet.trustListFile, text);
const rename = (name: string) => (doc: TrustListDocument) => {
  doc.members.find((m) => m.id === 'RS/GOV/CPTV')!.name = name;
};

beforeAll(async () => {
  fleet = await startFleet([
    { name: 'embedded', gatewayId: 'RS/GOV/CPTV', members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }] },
    ...(serverUrl ? [{ name: 'server', gatewayId: 'AT/NGO/LEFOE', members: [{ id: 'AT/NGO/LEFOE', agencyType: 'victim-service' }], databaseUrl: await databaseWithSchema(serverUrl, schema) }] : []),
  ]);
  first = readFileSync(fleet.trustListFile, 'utf8');
}, 120_000);

afterAll(async () => {
  await fleet?.stop();
  if (!serverUrl) return;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const stores = (): GatewayProcess[] => [...fleet.gateways.values()];
const sequenceOf = (text: string) => documentOf(text).sequence;

describe('the trust-list sequence across restarts', () => {
  it('starts with a newer list, then refuses the older one it replaced, with the reason', async () => {
    newer = await issue(1);
    publish(newer);
    for (const gateway of stores()) await gateway.restart();
    publish(first);
    for (const gateway of stores()) {
      await gateway.stop();
      await expect(gateway.start(), gateway.name).rejects.toThrow(`the trust list is older than the one this gateway accepted before (sequence ${sequenceOf(first)} < ${sequenceOf(newer)}`);
    }
    publish(newer);
    for (const gateway of stores()) await gateway.start();
  }, 240_000);

  it('refuses another list under the sequence accepted, and starts with the accepted one signed again', async () => {
    publish(await issue(1, rename('Re-issued under a used sequence')));
    for (const gateway of stores()) {
      await gateway.stop();
      await expect(gateway.start(), gateway.name).rejects.toThrow(`the trust list has the sequence this gateway accepted before (${sequenceOf(first) + 1}) but other contents`);
    }
    // What the operator signed is compared, not the signature bytes.
    publish(`${await signTrustList(documentOf(newer), fleet.memberKeys.get(OPERATOR)!)}\n`);
    for (const gateway of stores()) await gateway.start();
  }, 240_000);

  it('counts a list a reload put in force: a restart with the list it replaced is refused', async () => {
    const reloaded = await issue(3);
    publish(reloaded);
    for (const gateway of stores()) {
      const admin = await gateway.token(gateway.gatewayId, { role: 'admin' });
      const { body } = await gateway.graphql(admin, 'mutation { reloadTrustList { outcome sequence } }');
      expect(body.data.reloadTrustList, gateway.name).toEqual({ outcome: 'replaced', sequence: sequenceOf(reloaded) });
    }
    publish(await issue(2));
    for (const gateway of stores()) {
      await gateway.stop();
      await expect(gateway.start(), gateway.name).rejects.toThrow(`sequence ${sequenceOf(first) + 2} < ${sequenceOf(reloaded)}`);
    }
    publish(reloaded);
    for (const gateway of stores()) await gateway.start();
  }, 240_000);

  it.skipIf(!serverUrl)('refuses on a replica a list older than one another replica put in force, though newer than its own', async () => {
    const server = fleet.get('server');
    const replica = await server.replica();
    const reload = async (gateway: GatewayProcess) => {
      const { body } = await gateway.graphql(await gateway.token(gateway.gatewayId, { role: 'admin' }), 'mutation { reloadTrustList { outcome sequence code } }');
      return body.data.reloadTrustList;
    };
    // The replica started with the list of the test before (first + 3); the other process moves on to first + 5.
    publish(await issue(5));
    expect(await reload(server)).toMatchObject({ outcome: 'replaced', sequence: sequenceOf(first) + 5 });
    publish(await issue(4));
    expect(await reload(replica)).toEqual({ outcome: 'rejected', sequence: sequenceOf(first) + 3, code: 'TRUST_LIST_STALE' });
    publish(await issue(5));
    await replica.stop();
  }, 240_000);

  it('leaves commands that read a list without a store alone: an older list still verifies', async () => {
    const old = `${fleet.dir}/old-trust-list.jws`;
    writeFileSync(old, first);
    const verified = await fleet.nrx(['trust-list', 'verify', old, '--key', fleet.operatorPublicKeyFile]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/trust list of NRX-TEST: valid/);
  });
});
