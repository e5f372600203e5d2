/**
 * The service directory through the public GraphQL API: members publish, change and withdraw their
 * own services; search by need (with the taxonomy), place, eligibility, language, availability and
 * who may refer; ranked pages; the secret-location rule; referrals that name a service.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServices } from '../../../gateway/demo/services.ts';
import { referralDocument, startTestGateway, type TestGateway } from '../support/federation.ts';
import { PUBLISH, publishAll } from './publish.ts';

const SEARCH = `query($filter: ServiceFilter, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { cursor node { gateway score flags service { id name organization categories locationDisclosure address { line } capacity { placesFree } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let gw: TestGateway;
let shelterToken: string;
let policeToken: string;
let sosToken: string;

const ids = (body: any): string[] => body.data.services.edges.map((e: any) => e.node.service.id);

beforeAll(async () => {
  gw = await startTestGateway();
  shelterToken = await gw.token('RS/NGO/ATINA', 'assistance');
  policeToken = await gw.token('RS/GOV/POLICE', 'identification');
  sosToken = await gw.token('RS/NGO/ASTRA', 'referral');
  await publishAll(gw, demoServices());
}, 60_000);

afterAll(async () => {
  await gw?.stop();
});

describe('publishing', () => {
  it('serves a published service to any member, whatever its purpose', async () => {
    const { body } = await gw.graphql(policeToken, `{ service(id: "RS/NGO/ATINA/shelter") { name locationDisclosure address { line } capacity { placesFree } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.service).toEqual({ name: 'Safe House shelter (demo)', locationDisclosure: 'never', address: null, capacity: { placesFree: 2 } });
  });

  it('refuses a token-less search', async () => {
    const { status } = await gw.graphql(undefined, SEARCH, {});
    expect(status).toBe(401);
  });

  it('updates a service in place and withdraws it', async () => {
    const service = { ...demoServices()[2]!, id: 'RS/NGO/ASTRA/outreach', name: 'Outreach (demo)' };
    expect((await gw.graphql(sosToken, PUBLISH, { document: service })).body.errors).toBeUndefined();
    const renamed = await gw.graphql(sosToken, PUBLISH, { document: { ...service, name: 'Street outreach (demo)' } });
    expect(renamed.body.data.publishService.service.name).toBe('Street outreach (demo)');
    const listed = await gw.graphql(policeToken, SEARCH, { filter: { organization: 'RS/NGO/ASTRA' } });
    expect(ids(listed.body)).toContain('RS/NGO/ASTRA/outreach');
    const withdrawn = await gw.graphql(sosToken, `mutation { withdrawService(id: "RS/NGO/ASTRA/outreach") { service { name } } }`);
    expect(withdrawn.body.data.withdrawService.service.name).toBe('Street outreach (demo)');
    const after = await gw.graphql(policeToken, SEARCH, { filter: { organization: 'RS/NGO/ASTRA' } });
    expect(ids(after.body)).toEqual(['RS/NGO/ASTRA/sos-line']);
  });

  it('lets a member publish and withdraw only its own services', async () => {
    const foreign = await gw.graphql(sosToken, PUBLISH, { document: { ...demoServices()[1]!, name: 'Taken over' } });
    expect(foreign.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SERVICE_NOT_OWNED' });
    const withdraw = await gw.graphql(sosToken, `mutation { withdrawService(id: "RS/NGO/ATINA/shelter") { service { id } } }`);
    expect(withdraw.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SERVICE_NOT_OWNED' });
    const unknown = await gw.graphql(sosToken, `mutation { withdrawService(id: "RS/NGO/ASTRA/none") { service { id } } }`);
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses an address for a shelter at a secret location, with its own code, and stores nothing', async () => {
    const shelter = demoServices()[0]!;
    const withAddress = { ...shelter, id: 'RS/NGO/ATINA/shelter-2', address: { line: 'Hidden 1', locality: 'Beograd', country: 'RS' } };
    const refused = await gw.graphql(shelterToken, PUBLISH, { document: withAddress });
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SERVICE_LOCATION_SECRET' });
    const madePublic = await gw.graphql(shelterToken, PUBLISH, { document: { ...withAddress, locationDisclosure: 'public' } });
    expect(madePublic.body.errors[0].extensions.reason).toBe('SERVICE_LOCATION_SECRET');
    const { body } = await gw.graphql(policeToken, `{ service(id: "RS/NGO/ATINA/shelter-2") { id } }`);
    expect(body.data.service).toBeNull();
  });

  it('judges an invalid service by the spec, with its issues', async () => {
    const { body } = await gw.graphql(shelterToken, PUBLISH, { document: { ...demoServices()[1]!, eligibility: { minimumAge: 16 } } });
    expect(body.errors[0].extensions.code).toBe('SPEC_VALIDATION');
    expect(body.errors[0].extensions.issues[0].pointer).toBe('/eligibility');
  });
});

describe('search', () => {
  it('finds a specific category under its top-level one, and ranks the exact match first', async () => {
    const top = await gw.graphql(policeToken, SEARCH, { filter: { categories: ['accommodation'] } });
    expect(ids(top.body)).toEqual(['RS/NGO/ATINA/shelter']);
    const exact = await gw.graphql(policeToken, SEARCH, { filter: { categories: ['employment', 'education-training'] } });
    expect(ids(exact.body)).toEqual(['RS/NGO/ATINA/reintegration']);
  });

  it('filters by region, eligibility, language and who may refer', async () => {
    const vojvodina = await gw.graphql(policeToken, SEARCH, { filter: { country: 'RS', region: 'Vojvodina' } });
    expect(ids(vojvodina.body).sort()).toEqual(['RS/NGO/ASTRA/sos-line', 'RS/NGO/ATINA/reintegration', 'RS/NGO/ATINA/shelter']);
    const nis = await gw.graphql(policeToken, SEARCH, { filter: { country: 'RS', region: 'Nišava' } });
    expect(ids(nis.body).sort()).toEqual(['RS/NGO/ASTRA/sos-line', 'RS/NGO/ATINA/shelter']);
    const family = await gw.graphql(policeToken, SEARCH, { filter: { eligibility: ['family-with-children', 'lgbtiq'] } });
    expect(ids(family.body)).toEqual(['RS/NGO/ATINA/shelter']);
    const man = await gw.graphql(policeToken, SEARCH, { filter: { eligibility: ['adult-man'] } });
    expect(ids(man.body)).not.toContain('RS/NGO/ATINA/shelter');
    const romanian = await gw.graphql(policeToken, SEARCH, { filter: { language: 'ro-MD' } });
    expect(ids(romanian.body)).toEqual(['RS/NGO/ATINA/shelter']);
    const forPolice = await gw.graphql(policeToken, SEARCH, { filter: { referrableBy: 'RS/GOV/POLICE', categories: ['accommodation'] } });
    expect(ids(forPolice.body)).toEqual(['RS/NGO/ATINA/shelter']);
    const unknown = await gw.graphql(policeToken, SEARCH, { filter: { referrableBy: 'XX/NGO/NOBODY' } });
    expect(unknown.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badCode = await gw.graphql(policeToken, SEARCH, { filter: { eligibility: ['pensioner'] } });
    expect(badCode.body.errors[0].extensions.code).toBe('UNKNOWN_CODE');
  });

  it('pages forwards without overlap', async () => {
    const first = await gw.graphql(policeToken, SEARCH, { first: 2 });
    expect(first.body.data.services.totalCount).toBe(3);
    expect(first.body.data.services.pageInfo.hasNextPage).toBe(true);
    const second = await gw.graphql(policeToken, SEARCH, { first: 2, after: first.body.data.services.pageInfo.endCursor });
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual(['RS/NGO/ASTRA/sos-line', 'RS/NGO/ATINA/reintegration', 'RS/NGO/ATINA/shelter']);
    expect(second.body.data.services.pageInfo.hasNextPage).toBe(false);
  });

  it('marks free places and a full shelter for availability', async () => {
    const full = { ...demoServices()[0]!, capacity: { placesTotal: 10, placesFree: 0, updatedAt: new Date().toISOString() } };
    expect((await gw.graphql(shelterToken, PUBLISH, { document: full })).body.errors).toBeUndefined();
    const available = await gw.graphql(policeToken, SEARCH, { filter: { categories: ['accommodation'], available: true } });
    expect(ids(available.body)).toEqual([]);
    const any = await gw.graphql(policeToken, SEARCH, { filter: { categories: ['accommodation'] } });
    expect(any.body.data.services.edges[0].node.flags).toContain('no-free-place');
    expect((await gw.graphql(shelterToken, PUBLISH, { document: demoServices()[0] })).body.errors).toBeUndefined();
  });
});

describe('a referral that names a service', () => {
  const submit = (token: string, document: Record<string, unknown>) =>
    gw.graphql(token, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: document });

  it('goes through when the service takes referrals from the sender for its purpose', async () => {
    const { body } = await submit(policeToken, referralDocument({ recipientService: 'RS/NGO/ATINA/shelter' }));
    expect(body.errors).toBeUndefined();
  });

  it('is refused for a purpose the service does not take, or a service the recipient does not provide', async () => {
    const purpose = await submit(policeToken, referralDocument({ recipientService: 'RS/NGO/ATINA/shelter', purpose: 'identification' }));
    expect(purpose.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SERVICE_REFERRAL_REFUSED' });
    const other = await submit(policeToken, referralDocument({ recipientService: 'RS/NGO/ASTRA/sos-line' }));
    expect(other.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SERVICE_UNKNOWN' });
  });

  it('is refused when the sender is not of a kind the service takes referrals from', async () => {
    const govOnly = { ...demoServices()[1]!, acceptsReferralsFrom: { memberClasses: ['GOV'] }, howToRefer: { purposes: ['assistance'] } };
    expect((await gw.graphql(shelterToken, PUBLISH, { document: govOnly })).body.errors).toBeUndefined();
    const fromNgo = await submit(sosToken, referralDocument({ sender: 'RS/NGO/ASTRA', recipientService: 'RS/NGO/ATINA/reintegration' }));
    expect(fromNgo.body.errors[0].extensions.reason).toBe('SERVICE_REFERRAL_REFUSED');
    expect(fromNgo.body.errors[0].message).toContain('member classes GOV');
    const fromPolice = await submit(policeToken, referralDocument({ recipientService: 'RS/NGO/ATINA/reintegration' }));
    expect(fromPolice.body.errors).toBeUndefined();
  });
});

describe('docs/directory.md', () => {
  it('shows only queries the served schema answers', async () => {
    const sdl = await (await fetch(`${gw.gateway.url}/graphql/sdl`)).text();
    const schema = buildSchema(sdl);
    const page = readFileSync(new URL('../../../docs/directory.md', import.meta.url), 'utf8');
    const operations = [...page.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(operations.length).toBeGreaterThan(0);
    for (const text of operations) expect(validate(schema, parse(text)).map((e) => e.message), text).toEqual([]);
  });
});
