import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../gateway/auth/keys.ts';
import type { GatewayConfig } from '../../gateway/config/types.ts';
import { issueToken } from '../../gateway/auth/token.ts';
import { startTestGateway, type TestGateway } from '../gateway/support/federation.ts';
import { nrx } from '../cli/run.ts';
import { dropMember, issueList, listedDocument, otherSigner, publishList } from './ops-trust-lists.ts';

const RELOAD = 'mutation { reloadTrustList { outcome sequence offeredSequence code reason added removed suspended } }';
const WHO = '{ members { id } }';

let gw: TestGateway;
let admin: string;

const asAdmin = () => issueToken({ privateJwk: gw.files.memberKeys.get('RS/GOV/CPTV')!, issuer: 'RS/GOV/CPTV', subject: 'ops-admin', audience: gw.config.audience, purpose: 'referral', role: 'admin', ttlSeconds: 600 });
const reload = async () => (await gw.graphql(admin, RELOAD)).body.data.reloadTrustList;
const codeOf = (response: { body: any }) => response.body.errors?.[0]?.extensions?.code;

async function auditedReloads(): Promise<Array<{ type: string; details: any }>> {
  await gw.gateway.auditSettled?.();
  const { rows } = await gw.gateway.store.db.query<{ body: string }>("SELECT body FROM audit_log WHERE type LIKE 'trust-list-%' ORDER BY seq");
  return rows.map((r) => JSON.parse(r.body));
}

// The list in force, put back into the file after a test published one the gateway must refuse.
let inForceText = '';
const keepInForce = () => (inForceText = readFileSync(gw.files.trustListFile, 'utf8'));
const restore = () => writeFileSync(gw.files.trustListFile, inForceText);

beforeAll(async () => {
  gw = await startTestGateway({ federationOps: { trustListReload: { intervalSeconds: 0 }, witnesses: { intervalSeconds: 0 } } });
  admin = await asAdmin();
});
afterAll(() => gw?.stop());

describe('trust-list reload by the administrator', () => {
  it('refuses anyone but an administrator of the gateway member', async () => {
    const worker = await gw.token('RS/GOV/CPTV');
    expect(codeOf(await gw.graphql(worker, RELOAD))).toBe('FORBIDDEN');
  });

  it('reports an unchanged list as unchanged', async () => {
    const sequence = listedDocument(gw.files).sequence;
    expect(await reload()).toMatchObject({ outcome: 'unchanged', sequence, code: null });
  });

  it('refuses a suspended member from the next request on, although its token was verified and cached before', async () => {
    const police = await gw.token('RS/GOV/POLICE');
    expect((await gw.graphql(police, WHO)).status).toBe(200);
    await publishList(gw.files, (doc) => {
      doc.members.find((m) => m.id === 'RS/GOV/POLICE')!.status = 'suspended';
    });
    const outcome = await reload();
    expect(outcome).toMatchObject({ outcome: 'replaced', suspended: ['RS/GOV/POLICE'], removed: [], added: [] });
    const refused = await gw.graphql(police, WHO);
    expect(refused.status).toBe(401);
    expect(codeOf(refused)).toBe('ISSUER_SUSPENDED');
    expect((await gw.graphql(await gw.token('RS/NGO/ATINA'), WHO)).status).toBe(200);
  });

  it('refuses a removed member, and answers the members query from the new list', async () => {
    const astra = await gw.token('RS/NGO/ASTRA');
    const before = (await gw.graphql(astra, WHO)).body.data.members.length;
    await publishList(gw.files, (doc) => {
      dropMember(doc, 'RS/NGO/ASTRA');
    });
    expect(await reload()).toMatchObject({ outcome: 'replaced', removed: ['RS/NGO/ASTRA'] });
    // Its keys left the list with it: the token names a key the list no longer has.
    expect(codeOf(await gw.graphql(astra, WHO))).toBe('KEY_UNKNOWN');
    expect((await gw.graphql(await gw.token('RS/NGO/ATINA'), WHO)).body.data.members.length).toBe(before - 1);
  });

  it('rejects a list with a bad signature and keeps the list in force', async () => {
    keepInForce();
    const inForce = listedDocument(gw.files).sequence;
    const atina = await gw.token('RS/NGO/ATINA');
    await publishList(gw.files, (doc) => {
      dropMember(doc, 'RS/NGO/ATINA');
    }, { signer: await otherSigner() });
    expect(await reload()).toMatchObject({ outcome: 'rejected', code: 'TRUST_LIST_SIGNATURE_INVALID', sequence: inForce, removed: [] });
    expect((await gw.graphql(atina, WHO)).status).toBe(200);
    restore();
  });

  it('rejects an older list (a replay) and keeps the list in force', async () => {
    keepInForce();
    const inForce = (await reload()).sequence;
    await publishList(gw.files, (doc) => {
      dropMember(doc, 'RS/NGO/ATINA');
    }, { step: -5 });
    const outcome = await reload();
    expect(outcome).toMatchObject({ outcome: 'rejected', code: 'TRUST_LIST_STALE', sequence: inForce });
    expect(outcome.reason).toMatch(/older/);
    expect((await gw.graphql(await gw.token('RS/NGO/ATINA'), WHO)).status).toBe(200);
    restore();
  });

  it('rejects a different list under the sequence in force', async () => {
    keepInForce();
    const inForce = (await reload()).sequence;
    await publishList(gw.files, (doc) => {
      doc.sequence = inForce;
      dropMember(doc, 'RS/NGO/ATINA');
    }, { step: 0 });
    expect(await reload()).toMatchObject({ outcome: 'rejected', code: 'TRUST_LIST_STALE', sequence: inForce });
    restore();
  });

  it('audits every outcome asked for: replaced, unchanged and rejected, with the administrator', async () => {
    const entries = await auditedReloads();
    expect(entries.map((e) => [e.type, e.details.outcome, e.details.code ?? null])).toEqual([
      ['trust-list-reloaded', 'unchanged', null],
      ['trust-list-reloaded', 'replaced', null],
      ['trust-list-reloaded', 'replaced', null],
      ['trust-list-rejected', 'rejected', 'TRUST_LIST_SIGNATURE_INVALID'],
      ['trust-list-reloaded', 'unchanged', null],
      ['trust-list-rejected', 'rejected', 'TRUST_LIST_STALE'],
      ['trust-list-reloaded', 'unchanged', null],
      ['trust-list-rejected', 'rejected', 'TRUST_LIST_STALE'],
    ]);
    expect(entries[1]).toMatchObject({ requester: 'RS/GOV/CPTV', details: { trigger: 'admin', suspended: ['RS/GOV/POLICE'] } });
    expect(entries[2]!.details.removed).toEqual(['RS/NGO/ASTRA']);
  });
});

describe('key rollover', () => {
  it("accepts the old key until its exp, and refuses it (and its cached tokens) after", async () => {
    const member = 'RS/GOV/CSR-BG';
    const oldKey = gw.files.memberKeys.get(member)!;
    const next = await generateSigningKey({ kid: 'csr-bg-2' });
    const oldToken = await gw.token(member);
    expect((await gw.graphql(oldToken, WHO)).status).toBe(200);
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    const withKeys = (oldExp: number) => (doc: Parameters<Parameters<typeof publishList>[1]>[0]) => {
      const entry = doc.members.find((m) => m.id === member)!;
      entry.jwks.keys = [{ ...(entry.jwks.keys.find((k) => k.kid === oldKey.kid) ?? entry.jwks.keys[0]!), exp: oldExp } as any, next.publicJwk as any];
    };
    await publishList(gw.files, withKeys(inAnHour));
    expect((await reload()).outcome).toBe('replaced');
    const newToken = await issueToken({ privateJwk: next.privateJwk, issuer: member, subject: 'tester', audience: gw.config.audience, purpose: 'referral', role: 'case-worker', ttlSeconds: 600 });
    expect((await gw.graphql(newToken, WHO)).status).toBe(200);
    expect((await gw.graphql(oldToken, WHO)).status).toBe(200);

    await publishList(gw.files, withKeys(Math.floor(Date.now() / 1000) - 1));
    expect((await reload()).outcome).toBe('replaced');
    expect(codeOf(await gw.graphql(oldToken, WHO))).toBe('KEY_EXPIRED');
    expect(codeOf(await gw.graphql(await gw.token(member), WHO))).toBe('KEY_EXPIRED');
    expect((await gw.graphql(newToken, WHO)).status).toBe(200);
  });
});

describe('nrx trust-list reload', () => {
  it('reloads a running gateway and prints the outcome; a refused list exits non-zero with its code', async () => {
    await publishList(gw.files, (doc) => {
      doc.members.find((m) => m.id === 'RS/NGO/ATINA')!.status = 'suspended';
    });
    const ok = await nrx(['trust-list', 'reload', '--gateway', gw.gateway.url, '--token', admin]);
    expect(ok.stdout).toMatch(/trust list replaced: sequence \d+ in force\n {2}suspended: RS\/NGO\/ATINA/);
    expect(ok.code).toBe(0);
    await publishList(gw.files, () => undefined, { step: -100 });
    const refused = await nrx(['trust-list', 'reload', '--gateway', gw.gateway.url], { env: { ...process.env, NRX_TOKEN: admin } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/TRUST_LIST_STALE/);
  });
});

// Loopback http:// allowed; the other federation settings are the defaults.
const DEVELOPMENT = { federation: { hostedMembers: [], allowDevelopmentTransport: true } as unknown as GatewayConfig['federation'] };

describe('reload from a URL on a schedule', () => {
  let server: Server;
  let published = '';
  let url = '';
  let scheduled: TestGateway;

  beforeAll(async () => {
    server = createServer((req, res) => (req.url === '/trust-list.jws' ? res.end(published) : res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trust-list.jws`;
  });
  afterAll(async () => {
    await scheduled?.stop();
    server.close();
  });

  it('refuses plain http from any host but a loopback one, even in development', async () => {
    await expect(startTestGateway({ ...DEVELOPMENT, federationOps: { trustListReload: { intervalSeconds: 1, url: 'http://nrx.example.org/list.jws' }, witnesses: { intervalSeconds: 0 } } }).then(async (g) => {
      const outcome = await g.gateway.reloadTrustList('admin');
      await g.stop();
      return outcome;
    })).resolves.toMatchObject({ outcome: 'rejected', code: 'TRUST_LIST_SOURCE_INVALID' });
  });

  it('puts a newer list published at the URL in force without being asked', async () => {
    // The schedule reads the URL the configuration names; the list published there is the next issue of this federation.
    scheduled = await startTestGateway({ ...DEVELOPMENT, federationOps: { trustListReload: { intervalSeconds: 1, url }, witnesses: { intervalSeconds: 0 } } });
    const police = await scheduled.token('RS/GOV/POLICE');
    expect((await scheduled.graphql(police, WHO)).status).toBe(200);
    published = await issueList(scheduled.files, (doc) => {
      dropMember(doc, 'RS/GOV/POLICE');
    });
    let answer = await scheduled.graphql(police, WHO);
    for (let i = 0; i < 100 && answer.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await scheduled.graphql(police, WHO);
    }
    expect(codeOf(answer)).toBe('KEY_UNKNOWN');
  });
});
