/**
 * The Open Referral HSDS 3.0 API of a gateway's directory: every answer checked against the official
 * HSDS 3.0 schemas (vendored in spec/mappings/hsds-3.0), the taxonomy's hierarchy in its filters,
 * paging, and no place of a shelter at a secret location anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServices, generateServices } from '../../../gateway/demo/services.ts';
import { hsdsId } from '../../../gateway/directory/hsds.ts';
import { hsdsProblems, type HsdsObject } from '../../../gateway/directory/hsds-schemas.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';
import { publishAll } from './publish.ts';

let gw: TestGateway;

const get = async (path: string) => {
  const response = await fetch(`${gw.gateway.url}/hsds${path}`);
  return { status: response.status, body: (await response.json()) as any };
};
const valid = (object: HsdsObject, value: unknown) => expect(hsdsProblems(object, value)).toEqual([]);

beforeAll(async () => {
  gw = await startTestGateway();
  // The demo members' own services, and a generated directory published for the same members.
  const members = ['RS/NGO/ATINA', 'RS/NGO/ASTRA', 'RS/GOV/CSR-BG'];
  await publishAll(gw, [...demoServices(), ...generateServices({ count: 30, countries: ['RS'], organizations: members })]);
}, 120_000);

afterAll(async () => {
  await gw?.stop();
});

describe('the HSDS 3 API', () => {
  it('describes itself, without a token', async () => {
    const { status, body } = await get('');
    expect(status).toBe(200);
    expect(body.version).toBe('3.0');
    const openapi = await get('/openapi.json');
    expect(openapi.body.paths['/services']).toBeDefined();
  });

  it('lists services in pages that follow the official schemas, and serves each in full', async () => {
    const first = await get('/services?per_page=15');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total_items: 33, total_pages: 3, page_number: 1, size: 15, first_page: true, last_page: false, empty: false });
    for (const item of first.body.contents) valid('serviceListItem', item);
    const last = await get('/services?per_page=15&page=3');
    expect(last.body).toMatchObject({ size: 3, last_page: true });
    const ids = new Set([...first.body.contents, ...(await get('/services?per_page=15&page=2')).body.contents, ...last.body.contents].map((s: any) => s.id));
    expect(ids.size).toBe(33);
    const shelter = await get(`/services/${hsdsId('service', 'RS/NGO/ATINA/shelter')}`);
    expect(shelter.status).toBe(200);
    valid('service', shelter.body);
    expect(shelter.body.name).toBe('Safe House shelter (demo)');
    expect(shelter.body.organization.organization_identifiers[0].identifier).toBe('RS/NGO/ATINA');
    for (const item of (await get('/services?full=true&per_page=100')).body.contents) valid('service', item);
  });

  it('never gives a place for a service whose location is not public, and no capacity at all', async () => {
    const all = (await get('/services?full=true&per_page=100')).body.contents;
    const text = JSON.stringify(all);
    expect(text).not.toContain('placesFree');
    const shelter = all.find((s: any) => s.name === 'Safe House shelter (demo)');
    expect(shelter.service_at_locations).toEqual([]);
    const places = (await get('/service_at_locations?per_page=100')).body;
    const placed = new Set(places.contents.map((p: any) => p.service_id));
    expect(placed.has(shelter.id)).toBe(false);
    for (const item of places.contents) valid('serviceAtLocationListItem', item);
    expect(places.total_items).toBeGreaterThan(0);
    const one = await get(`/service_at_locations/${places.contents[0].id}`);
    valid('serviceAtLocation', one.body);
    const secret = all.filter((s: any) => s.attributes.some((a: any) => a.taxonomy_term.code === 'accommodation.secret-location'));
    expect(secret.length).toBeGreaterThan(0);
    for (const s of secret) expect(placed.has(s.id)).toBe(false);
  });

  it('filters by taxonomy term with the hierarchy, and by organisation', async () => {
    const accommodation = await get(`/services?taxonomy_term_id=${hsdsId('term', 'accommodation')}&full=true&per_page=100`);
    expect(accommodation.body.total_items).toBeGreaterThan(1);
    for (const s of accommodation.body.contents) expect(s.attributes.some((a: any) => String(a.taxonomy_term.code).startsWith('accommodation'))).toBe(true);
    const atina = await get(`/services?organization_id=${hsdsId('organization', 'RS/NGO/ATINA')}&per_page=100`);
    expect(atina.body.contents.every((s: any) => s.organization_id === hsdsId('organization', 'RS/NGO/ATINA'))).toBe(true);
    const badTerm = await get('/services?taxonomy_term_id=nothing');
    expect(badTerm.status).toBe(400);
    expect((await get('/services?per_page=0')).status).toBe(400);
  });

  it('serves organisations, taxonomies and terms as HSDS has them', async () => {
    const organizations = (await get('/organizations')).body;
    expect(organizations.total_items).toBe(3);
    for (const o of organizations.contents) valid('organizationListItem', o);
    valid('organization', (await get(`/organizations/${organizations.contents[0].id}`)).body);
    const taxonomies = (await get('/taxonomies')).body;
    for (const t of taxonomies.contents) valid('taxonomy', t);
    const top = (await get(`/taxonomy_terms?taxonomy_id=${taxonomies.contents[0].id}&top_only=true&per_page=100`)).body;
    expect(top.contents.map((t: any) => t.code)).toContain('accommodation');
    expect(top.contents.map((t: any) => t.code)).not.toContain('accommodation.open');
    const children = (await get(`/taxonomy_terms?parent_id=${hsdsId('term', 'medical')}`)).body;
    expect(children.contents.map((t: any) => t.code)).toContain('medical.addiction-treatment');
    for (const t of children.contents) valid('taxonomyTerm', t);
    expect((await get('/taxonomy_terms/none')).status).toBe(404);
    expect((await get('/nothing')).status).toBe(404);
  });
});
