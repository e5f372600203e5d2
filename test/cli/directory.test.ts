/**
 * `nrx directory export` and `nrx directory import` as a user runs them: a directory exported as
 * HSDS 3 (valid against the official schemas) and imported into another gateway's database comes
 * back the same; a foreign HSDS feed joins under a named member; bad entries are reported one by
 * one and never stop the others; a shelter's address never gets in.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServices, generateServices } from '../../gateway/demo/services.ts';
import { hsdsService } from '../../gateway/directory/hsds.ts';
import { importHsds } from '../../gateway/directory/hsds-feed.ts';
import { openDirectory } from '../../gateway/directory/directory.ts';
import { hsdsProblems } from '../../gateway/directory/hsds-schemas.ts';
import { serviceValidator } from '../../gateway/server/directory-setup.ts';
import { openStore } from '../../gateway/store/index.ts';
import { loadSpec } from '../../lib/spec/load.ts';
import { createValidator } from '../../lib/validator/index.ts';
import { randomSchema } from '../gateway/support/federation.ts';
import { nrx } from './run.ts';

const url = process.env.NRX_TEST_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'nrx-directory-cli-'));
const validate = serviceValidator(createValidator({ spec: loadSpec() }));
const schemas: string[] = [];
const categories = new Set((loadSpec().codelists.get('service-category')?.codes ?? []).map((c) => c.code));

/** A gateway database of its own: a schema on the server, or an embedded database under a directory. */
function target(name: string) {
  const schema = randomSchema(`nrx_dircli_${name}`);
  schemas.push(schema);
  const store = () => openStore(url ? { databaseUrl: url, schema } : { dataDir: join(dir, name) });
  return { args: url ? ['--database-url', url, '--schema', schema] : ['--data-dir', join(dir, name)], store };
}

async function documents(store: Awaited<ReturnType<ReturnType<typeof target>['store']>>) {
  const directory = await openDirectory({ db: store.db, validate });
  const all = directory.all().map((s) => s.document).sort((a, b) => (a.id < b.id ? -1 : 1));
  await directory.close();
  return all;
}

const services = generateServices({ count: 40, seed: 7 });
const source = target('source');

beforeAll(async () => {
  const store = await source.store();
  const directory = await openDirectory({ db: store.db, validate });
  expect(await directory.replaceSource('config', services)).toEqual([]);
  await directory.close();
  await store.close();
}, 60_000);

afterAll(async () => {
  if (url) {
    const store = await openStore({ databaseUrl: url });
    for (const schema of schemas) await store.db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('nrx directory', () => {
  it('exports HSDS 3 that the official schemas accept, and imports it back unchanged', async () => {
    const feed = join(dir, 'feed.json');
    const exported = await nrx(['directory', 'export', ...source.args, '--out', feed]);
    expect(exported.stderr).toBe('40 service(s) written to ' + feed + '\n');
    expect(exported.code).toBe(0);
    const page = JSON.parse(readFileSync(feed, 'utf8'));
    expect(page.total_items).toBe(40);
    for (const service of page.contents) expect(hsdsProblems('service', service)).toEqual([]);
    expect(JSON.stringify(page)).not.toContain('placesFree');

    // One entry that is not HSDS (no name): reported with its place, the others imported.
    const withBroken = join(dir, 'feed-with-broken.json');
    writeFileSync(withBroken, JSON.stringify({ ...page, contents: [...page.contents, { id: '7d3f4152-ae60-4f81-8293-4d5e6f708192', status: 'active' }] }));
    const copy = target('copy');
    const imported = await nrx(['directory', 'import', withBroken, ...copy.args]);
    expect(imported.stdout).toContain('entry 40 (7d3f4152-ae60-4f81-8293-4d5e6f708192): HSDS_FEED_INVALID');
    expect(imported.stdout).toContain('40 service(s) imported, 1 left out\n');
    expect(imported.code).toBe(1);
    const store = await copy.store();
    const back = await documents(store);
    await store.close();
    const withoutCapacity = services.map(({ capacity: _capacity, ...rest }) => rest).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(back).toEqual(withoutCapacity);
  }, 120_000);

  it('takes a foreign HSDS feed under the member it names', async () => {
    const foreign = {
      id: '0b6a2b9e-3f3c-4d43-9a0e-0f4a7a1c2b11',
      name: 'Legal advice clinic',
      description: 'Free legal advice for migrant workers.',
      status: 'active',
      eligibility_description: 'Adults who work or worked in Austria.',
      minimum_age: 18,
      languages: [{ id: '9d0b1f0e-1c0b-4a53-8f1e-3b7a1c0f2a01', code: 'de' }],
      attributes: [{ id: '4a0c1e2f-7b3d-4c5e-9f60-1a2b3c4d5e6f', taxonomy_term: { id: '5b1d2f30-8c4e-4d6f-a071-2b3c4d5e6f70', code: 'legal-administrative.civil-matters', name: 'Civil matters', description: 'Civil matters' } }],
      service_areas: [{ id: '6c2e3041-9d5f-4e70-b182-3c4d5e6f7081', name: 'Wien' }],
    };
    const store = await target('foreign').store();
    const directory = await openDirectory({ db: store.db, validate });
    // Without a member for its organisation the entry cannot be placed.
    const unplaced = await importHsds(directory, [foreign], { categories });
    expect(unplaced.problems).toEqual([expect.objectContaining({ index: 0, code: 'HSDS_FEED_INVALID', message: expect.stringContaining('NRX member') })]);
    const named = await importHsds(directory, [foreign], { categories, organization: 'AT/NGO/LEFOE' });
    expect(named).toEqual({ imported: [`AT/NGO/LEFOE/${foreign.id}`], problems: [] });
    expect(await documents(store)).toEqual([expect.objectContaining({
      id: `AT/NGO/LEFOE/${foreign.id}`,
      organization: 'AT/NGO/LEFOE',
      categories: ['legal-administrative.civil-matters'],
      eligibility: { conditionalOnCooperation: false, minimumAge: 18, description: 'Adults who work or worked in Austria.' },
      languages: ['de'],
      serviceAreas: [{ country: 'AT', regions: ['Wien'] }],
      locationDisclosure: 'on-referral',
    })]);
    await directory.close();
    await store.close();
  }, 60_000);

  it('refuses a shelter at a secret location that comes with an address, and stores nothing on a dry run', async () => {
    const [shelter, programme] = demoServices();
    const organization = { id: shelter!.organization, name: 'Shelter NGO' };
    const publicOne = hsdsService(programme!, organization);
    // The shelter's entry, given the public programme's place: an address the shelter must never have.
    const leaked = { ...hsdsService(shelter!, organization), service_at_locations: publicOne.service_at_locations };
    const copy = target('leaked');
    const store = await copy.store();
    const directory = await openDirectory({ db: store.db, validate });
    const report = await importHsds(directory, { contents: [leaked, publicOne] }, { categories, dryRun: true });
    expect(report.problems).toEqual([expect.objectContaining({ index: 0, code: 'SERVICE_LOCATION_SECRET' })]);
    expect(report.imported).toHaveLength(1);
    expect(await documents(store)).toEqual([]);
    await store.close();
  }, 60_000);
});
