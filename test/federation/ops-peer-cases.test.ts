/**
 * The peer connector with two gateway processes: the Austrian NGO refers a woman home across the
 * border, and the Serbian coordinating body's case view of her includes the record the Austrian
 * NGO's own system holds for her, filtered first by the Austrian gateway as the data holder and
 * again by the Serbian one; both audit it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../gateway/auth/token.ts';
import { CONSENT, SUBMIT, consentDoc, referralDoc } from '../scenarios/federation.ts';
import { startFleet, type Fleet, type GatewayProcess } from '../support/gateway-processes.ts';
import { lefoeCaseSystem } from './helpers.ts';

const RS = 'RS/GOV/CPTV';
const AT = 'AT/NGO/LEFOE';
const SUBJECT = 'at-lefoe-opspeer01';
const CASE_VIEW = `query($s: String!) { subjectCase(subject: $s) { agencyRecords { connector member sections { person { givenName dateOfBirth currentAddress { locality } } needs { category } } } } }`;

const lefoeSystem = lefoeCaseSystem(SUBJECT, 'LEFOE-2026-17', { givenName: 'Jelena', dateOfBirth: '1995-06-07', locality: 'Wien' });

let fleet: Fleet;
let rs: GatewayProcess;
let at: GatewayProcess;
let cptv: string;

beforeAll(async () => {
  fleet = await startFleet([
    { name: 'rs', gatewayId: RS, members: [{ id: RS, agencyType: 'coordinating-body' }] },
    { name: 'at', gatewayId: AT, members: [{ id: AT, agencyType: 'victim-service' }], config: { connectors: [lefoeSystem] } },
  ]);
  rs = fleet.get('rs');
  at = fleet.get('at');
  const must = async (g: GatewayProcess, token: string, query: string, variables: Record<string, unknown>) => expect((await g.graphql(token, query, variables)).body.errors).toBeUndefined();
  // Her consent as the Austrian NGO recorded it: identity, date of birth and needs to the Serbian body, for her return.
  const permit = (groups: string[]) => [{ type: 'permit', actors: [{ member: RS }], purposes: ['return-reintegration'], fieldGroups: groups }];
  await must(at, await at.token(AT, { purpose: 'return-reintegration' }), CONSENT, { d: consentDoc(SUBJECT, AT, permit(['identity', 'date-of-birth', 'needs'])) });
  // Her consent as the Serbian body holds it (narrower: no date of birth).
  await must(rs, await rs.token(AT, { purpose: 'return-reintegration' }), CONSENT, { d: consentDoc(SUBJECT, AT, permit(['identity', 'needs'])) });
  // The Austrian NGO refers her home: sent by its gateway, received by the Serbian one.
  const lefoe = await at.token(AT, { purpose: 'return-reintegration' });
  const referral = referralDoc(AT, RS, 'return-reintegration', SUBJECT, { person: { givenName: 'Jelena' } });
  await must(at, lefoe, SUBMIT, { d: referral });
  cptv = await rs.token(RS, { purpose: 'return-reintegration' });
  const received = async () => (await rs.graphql(cptv, `query($id: ID!) { referral(id: $id) { id } }`, { id: referral.id })).body.data?.referral;
  for (let i = 0; i < 300 && !(await received()); i++) await new Promise((r) => setTimeout(r, 200));
  expect(await received()).toEqual({ id: referral.id });
}, 120_000);
afterAll(() => fleet?.stop());

describe('a case view that includes a peer gateway\'s records', () => {
  it('shows the record the peer released, filtered again here', async () => {
    const { body } = await rs.graphql(cptv, CASE_VIEW, { s: SUBJECT });
    expect(body.errors).toBeUndefined();
    const records = body.data.subjectCase.agencyRecords;
    expect(records).toEqual([{
      connector: 'lefoe-cases',
      member: AT,
      sections: {
        // Released by both; the date of birth the peer released, but her consent here does not cover it; the address never left Austria.
        person: { givenName: 'Jelena', dateOfBirth: null, currentAddress: null },
        needs: [{ category: 'medical.screening' }],
      },
    }]);
    expect(JSON.stringify(body)).not.toMatch(/Wien|1995/);
  });

  it('the peer answers as the data holder: its own policy for the member who asks, with the member\'s own token', async () => {
    const token = await issueToken({ privateJwk: fleet.memberKeys.get(RS)!, issuer: RS, subject: 'cw-1', audience: AT, purpose: 'return-reintegration', role: 'case-worker', ttlSeconds: 60 });
    const ask = (t: string, subject = SUBJECT) => fetch(`${at.url}/peer/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: JSON.stringify({ kind: 'peer-case-query', subject }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const answer = await ask(token);
    expect(answer.status).toBe(200);
    expect(answer.body.records).toHaveLength(1);
    expect(answer.body.records[0].sections.person).toMatchObject({ givenName: 'Jelena', dateOfBirth: '1995-06-07' });
    expect(answer.body.records[0].sections.person.currentAddress).toBeUndefined();
    expect(answer.body.records[0].withheld).toContainEqual(expect.objectContaining({ pointer: '/sections/person/currentAddress' }));
    // For another purpose her consent gives nothing: the case is not even shown.
    const other = await issueToken({ privateJwk: fleet.memberKeys.get(RS)!, issuer: RS, subject: 'cw-1', audience: AT, purpose: 'criminal-justice', role: 'case-worker', ttlSeconds: 60 });
    expect((await ask(other)).body.records).toEqual([]);
    expect((await ask('forged')).status).toBe(401);
    expect((await ask(token, 'x')).status).toBe(400);
  });

  it('is audited on both sides', async () => {
    const dpo = async (g: GatewayProcess) => g.token(g.gatewayId, { role: 'dpo' });
    const query = `query($s: String, $r: String) { auditDisclosures(subject: $s, recipient: $r) { requester type fields { path decision } } }`;
    const there = (await at.graphql(await dpo(at), query, { s: SUBJECT, r: RS })).body.data.auditDisclosures;
    expect(there.length).toBeGreaterThan(0);
    const fields = there.flatMap((e: any) => e.fields.map((f: any) => `${f.path}:${f.decision}`));
    expect(fields).toContainEqual(expect.stringMatching(/person\.givenName:released$/));
    expect(fields).toContainEqual(expect.stringMatching(/person\.currentAddress:withheld$/));
    expect(there[0].requester).toBe(RS);
    const here = (await rs.graphql(await dpo(rs), query, { r: RS })).body.data.auditDisclosures;
    expect(here.flatMap((e: any) => e.fields.map((f: any) => `${f.path}:${f.decision}`))).toContainEqual(expect.stringMatching(/person\.dateOfBirth:withheld$/));
  });

  it('identical case views at once may share one peer call, and each is filtered and audited here on its own', async () => {
    const dpo = async (g: GatewayProcess) => g.token(g.gatewayId, { role: 'dpo' });
    const entries = async (g: GatewayProcess) => (await g.graphql(await dpo(g), `query($s: String, $r: String) { auditDisclosures(subject: $s, recipient: $r) { type } }`, { r: RS })).body.data.auditDisclosures.length;
    const [hereBefore, thereBefore] = [await entries(rs), await entries(at)];
    const answers = await Promise.all(Array.from({ length: 6 }, () => rs.graphql(cptv, CASE_VIEW, { s: SUBJECT })));
    for (const { body } of answers) {
      expect(body.errors).toBeUndefined();
      expect(body.data.subjectCase.agencyRecords.map((r: any) => r.sections.person)).toEqual([{ givenName: 'Jelena', dateOfBirth: null, currentAddress: null }]);
    }
    // One entry here per request; at the peer, one per call it answered (six, or fewer when shared).
    expect(await entries(rs)).toBe(hereBefore + 6);
    const calls = (await entries(at)) - thereBefore;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(6);
  });

  it('serves the rest of her case view when the peer is down, and says so', async () => {
    await at.stop();
    const { body } = await rs.graphql(cptv, CASE_VIEW, { s: SUBJECT });
    expect(body.data.subjectCase.agencyRecords).toEqual([]);
    expect(body.extensions.nrx.connectorErrors).toContainEqual(expect.objectContaining({ connector: `peer:${AT}`, code: 'PEER_UNREACHABLE' }));
  });
});
