/**
 * The directory's other ways in: the configuration's services file and an agency's system through
 * its connector. Each entry goes through the same checks as a member's own publishing; a bad one is
 * logged and left out, and the gateway serves the rest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoServices } from '../../../gateway/demo/services.ts';
import { startTestGateway, type TestGateway } from '../support/federation.ts';

const dir = mkdtempSync(join(tmpdir(), 'nrx-directory-sources-'));
let gw: TestGateway;
let token: string;

const ids = async () => {
  const { body } = await gw.graphql(token, `{ services(first: 100) { edges { node { service { id } } } } }`);
  return body.data.services.edges.map((e: any) => e.node.service.id).sort();
};

beforeAll(async () => {
  const [shelter, programme, sosLine] = demoServices();
  const servicesFile = join(dir, 'services.yaml');
  // The shelter given an address, a service of a member outside the trust list, and one good entry.
  writeFileSync(servicesFile, JSON.stringify({ services: [
    { ...shelter, address: { line: 'Hidden 1', country: 'RS' } },
    { ...programme, id: 'XX/NGO/NOBODY/programme', organization: 'XX/NGO/NOBODY' },
    programme,
  ] }));
  gw = await startTestGateway({
    directory: { servicesFile, peerTimeoutMs: 3000 },
    connectors: [{
      name: 'astra-services',
      type: 'memory',
      member: 'RS/NGO/ASTRA',
      capabilities: ['getCase', 'listServices'],
      identifiers: ['subject'],
      // The SOS line's own service, and one it claims for another member.
      source: { cases: [], services: [sosLine!, { ...sosLine!, id: 'RS/NGO/ATINA/claimed', organization: 'RS/NGO/ATINA' }] },
    }],
  });
  token = await gw.token('RS/GOV/POLICE', 'identification');
}, 60_000);

afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('services from the configuration and from connectors', () => {
  it('publishes the good entries and leaves out, with a logged reason, the ones that fail a check', async () => {
    expect(await ids()).toEqual(['RS/NGO/ASTRA/sos-line', 'RS/NGO/ATINA/reintegration']);
    const warnings = gw.logs.filter((line) => line.includes('"component":"directory"')).map((line) => JSON.parse(line));
    expect(warnings.map((w) => w.code).sort()).toEqual(['SERVICE_LOCATION_SECRET', 'SERVICE_NOT_OWNED', 'SERVICE_NOT_OWNED']);
    expect(warnings.find((w) => w.msg.includes('(RS/NGO/ATINA/claimed)')).msg).toContain('of connector astra-services left out');
    // Never a word of the hidden address in the log.
    expect(gw.logs.join('')).not.toContain('Hidden 1');
  });
});
