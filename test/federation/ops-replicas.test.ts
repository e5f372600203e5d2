/**
 * Two processes of one gateway on one PostgreSQL server: a consent withdrawn through one replica is
 * enforced by the other as soon as the notification arrives (LISTEN/NOTIFY, milliseconds after the
 * commit), although the other had her consents cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomSchema } from '../gateway/support/federation.ts';
import { CONSENT, READ, SUBMIT, consentDoc, referralDoc } from '../scenarios/federation.ts';
import { databaseWithSchema, startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';

const serverUrl = process.env.NRX_TEST_DATABASE_URL;
if (!serverUrl) console.warn('ops-replicas: skipped, it needs a PostgreSQL server (set NRX_TEST_DATABASE_URL)');

describe.skipIf(!serverUrl)('consent caches across replicas', () => {
  let fleet: Fleet;
  let first: GatewayProcess;
  let second: GatewayProcess;
  const schema = randomSchema('nrx_test_ops_replicas');

  beforeAll(async () => {
    const databaseUrl = await databaseWithSchema(serverUrl!, schema);
    fleet = await startFleet([{
      name: 'rs',
      gatewayId: 'RS/GOV/CPTV',
      members: [{ id: 'RS/GOV/CPTV', agencyType: 'coordinating-body' }, { id: 'RS/NGO/ATINA', agencyType: 'shelter' }],
      databaseUrl,
    }]);
    first = fleet.get('rs');
    second = await first.replica();
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  async function must(gateway: GatewayProcess, token: string, query: string, variables: Record<string, unknown>) {
    const { body } = await gateway.graphql(token, query, variables);
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('withholds on the other replica what her withdrawn consent had released, once the notification arrives', async () => {
    const subject = 'rs-cptv-opsreplica1';
    const cptv = await first.token('RS/GOV/CPTV', { purpose: 'referral' });
    const shelter = await first.token('RS/NGO/ATINA', { purpose: 'assistance' });
    const consent = consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity', 'needs'] }]);
    await must(first, cptv, CONSENT, { d: consent });
    const referral = referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Irina', familyName: 'Rusu' } });
    await must(first, cptv, SUBMIT, { d: referral });

    // The second replica reads (and caches) her consents.
    for (let i = 0; i < 3; i++) {
      const seen = await must(second, shelter, READ, { id: referral.id });
      expect(seen.referral.document.sections.person).toMatchObject({ givenName: 'Irina', familyName: 'Rusu' });
    }

    // The withdrawal's notification reaches the other replica some milliseconds after the commit
    // (LISTEN/NOTIFY); from then on it withholds. A loaded machine may answer one request first.
    await must(first, cptv, 'mutation($id: ID!) { withdrawConsent(id: $id) { withdrawn } }', { id: consent.id });
    const withheld = async () => {
      const after = await second.graphql(shelter, READ, { id: referral.id });
      return JSON.stringify(after.body).match(/Irina|Rusu/) === null && after.body.data.referral.document.sections.person.givenName === null;
    };
    let enforced = await withheld();
    for (let i = 0; i < 20 && !enforced; i++) enforced = await new Promise((r) => setTimeout(r, 50)).then(withheld);
    expect(enforced).toBe(true);

    // And a consent recorded on the second replica is seen by the first.
    const again = consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity'] }], { supersedes: consent.id });
    await must(first, shelter, READ, { id: referral.id });
    await must(second, cptv, CONSENT, { d: again });
    const givenName = async () => (await must(first, shelter, READ, { id: referral.id })).referral.document.sections.person.givenName;
    let name = await givenName();
    for (let i = 0; i < 20 && name !== 'Irina'; i++) name = await new Promise((r) => setTimeout(r, 50)).then(givenName);
    expect(name).toBe('Irina');
  });

  it('serves her consents from memory until a notification on the channel says they changed', async () => {
    const subject = 'rs-cptv-opsreplica2';
    const cptv = await first.token('RS/GOV/CPTV', { purpose: 'referral' });
    const shelter = await first.token('RS/NGO/ATINA', { purpose: 'assistance' });
    const consent = consentDoc(subject, 'RS/GOV/CPTV', [{ type: 'permit', actors: [{ member: 'RS/NGO/ATINA' }], purposes: ['assistance'], fieldGroups: ['identity'] }]);
    await must(first, cptv, CONSENT, { d: consent });
    const referral = referralDoc('RS/GOV/CPTV', 'RS/NGO/ATINA', 'assistance', subject, { person: { givenName: 'Ana' } });
    await must(first, cptv, SUBMIT, { d: referral });
    const givenName = async () => (await must(second, shelter, READ, { id: referral.id })).referral.document.sections.person.givenName;
    expect(await givenName()).toBe('Ana');

    // Withdrawn behind the gateways' backs: nobody notifies, so the replica still holds what it read.
    const client = new pg.Client({ connectionString: await databaseWithSchema(serverUrl!, schema) });
    await client.connect();
    try {
      await client.query('UPDATE consent_records SET withdrawn_at = now() WHERE id = $1', [consent.id]);
      expect(await givenName()).toBe('Ana');
      await client.query("SELECT pg_notify('nrx_consent_changed', $1)", [subject]);
    } finally {
      await client.end();
    }
    let name = await givenName();
    for (let i = 0; i < 50 && name !== null; i++) name = await givenName();
    expect(name).toBeNull();
  });
});
