/**
 * Bulk requests with real tokens: a member without per-person access for its purpose asking about
 * many subjects at once, or selecting referrals by attribute, is refused with BULK_REQUEST_REFUSED
 * (pointing to the statistics query), and the audit trail holds exactly one `query-refused` entry
 * with the request's scope. A member whose agreements give per-person access is answered as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedGateway, type ConnectedGateway } from '../connectors/support.ts';

let g: ConnectedGateway;

beforeAll(async () => {
  g = await startConnectedGateway([]);
}, 60_000);

afterAll(async () => {
  await g?.stop();
});

const CASES = `query($s: [String!]!) { subjectCases(subjects: $s) { subject } }`;
const BY_NEED = `{ referralsReceived(first: 10, filter: { where: [{ pointer: "/sections/needs/category", equals: "accommodation.shelter" }] }) { edges { node { id } } } }`;
const subjects = (n: number) => Array.from({ length: n }, (_, i) => `bulk-subject-${i}`);

async function refusedEntries() {
  await g.gateway.auditSettled?.();
  const { rows } = await g.gateway.store.db.query<{ body: string }>(`SELECT body FROM audit_log WHERE type = 'query-refused' ORDER BY seq`);
  return rows.map((r) => JSON.parse(r.body));
}

describe('a bulk request', () => {
  it('naming more subjects than allowed is refused, pointing to the statistics query, and audited as one entry', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const before = (await refusedEntries()).length;
    const body = await g.graphql(astra, CASES, { s: subjects(25) });
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'BULK_REQUEST_REFUSED' });
    expect(body.errors[0].message).toContain('statistics');
    const entries = (await refusedEntries()).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ type: 'query-refused', requester: 'RS/NGO/ASTRA', purpose: 'referral', details: { code: 'BULK_REQUEST_REFUSED', field: 'subjectCases', subjects: 25 } });
    // Whom it named is not in the trail: only how many.
    expect(JSON.stringify(entries[0])).not.toContain('bulk-subject');
  });

  it('selecting received referrals by attribute is refused the same way', async () => {
    const atina = await g.token('RS/NGO/ATINA', 'referral');
    const before = (await refusedEntries()).length;
    const body = await g.graphql(atina, BY_NEED);
    expect(body.errors?.[0]?.extensions, JSON.stringify(body)).toMatchObject({ reason: "BULK_REQUEST_REFUSED" });
    const entries = (await refusedEntries()).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toEqual({ code: 'BULK_REQUEST_REFUSED', field: 'referralsReceived', attributes: ['referral.sections.needs.category'] });
  });

  it('is answered as before for a member whose agreement grants per-person access for its purpose', async () => {
    const before = (await refusedEntries()).length;
    const socialWork = await g.token('RS/GOV/CSR-BG', 'assistance');
    const many = await g.graphql(socialWork, CASES, { s: subjects(25) });
    expect(many.errors).toBeUndefined();
    expect(many.data.subjectCases).toHaveLength(25);
    const shelter = await g.token('RS/NGO/ATINA', 'assistance');
    const filtered = await g.graphql(shelter, BY_NEED);
    expect(filtered.errors).toBeUndefined();
    expect((await refusedEntries()).length).toBe(before);
  });

  it('is not a few subjects at once', async () => {
    const astra = await g.token('RS/NGO/ASTRA', 'referral');
    const body = await g.graphql(astra, CASES, { s: subjects(5) });
    expect(body.errors).toBeUndefined();
    expect(body.data.subjectCases).toHaveLength(5);
  });
});
