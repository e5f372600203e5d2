import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnector } from '../../connectors/index.ts';
import type { ReferralDocument } from '../../connectors/contract.ts';
import type { MappedConnector } from '../../connectors/mapped-connector.ts';

const token = 'test-token-7f3a';
const referralId = '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a';
const cases = [
  { caseRef: 'H-2024-17', client: { pseudonym: 'sub-lena-0001', gender: 'F', born: '2007-09-30', langs: ['uk', 'ru'] }, assessments: [{ id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01', area: 'HEALTH', urgent: true, open: true }, { id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02', area: 'HOUSING', urgent: false, open: false }] },
  { caseRef: 'H-2024-18', client: { pseudonym: 'sub-olga-0002', gender: 'F', born: '1990-01-01', langs: ['sr'] }, assessments: [] },
];
const statuses = new Map<string, unknown>([[referralId, { ref: referralId, state: 'ACCEPTED', n: 2, changed: '2024-05-01T08:00:00Z', updateId: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', sender: 'UA/IO/IOM' }]]);
const received: { path: string; body: unknown }[] = [];
let mode: 'normal' | 'garbage' = 'normal';

function serve(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    let body = '';
    for await (const chunk of req) body += chunk;
    const send = (status: number, value?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
    };
    if (url.pathname === '/api/health') return send(200, { ok: true });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'unauthorised' });
    if (mode === 'garbage') return send(200, '<html>maintenance</html>');
    if (url.pathname === '/api/cases') {
      const wanted = url.searchParams.getAll('client');
      const numbers = url.searchParams.getAll('ref');
      return send(200, { data: cases.filter((c) => wanted.includes(c.client.pseudonym) || numbers.includes(c.caseRef)) });
    }
    const status = /^\/api\/referrals\/([^/]+)\/status$/.exec(url.pathname);
    if (status && req.method === 'GET') return statuses.has(status[1]!) ? send(200, statuses.get(status[1]!)) : send(404, { error: 'none' });
    if (status && req.method === 'PUT') {
      received.push({ path: url.pathname, body: JSON.parse(body) });
      return send(204);
    }
    if (url.pathname === '/api/referrals' && req.method === 'POST') {
      received.push({ path: url.pathname, body: JSON.parse(body) });
      return send(201, { ok: true });
    }
    send(404, { error: 'no route' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const config = (baseUrl: string, name = 'helpline-api') => ({
  name,
  type: 'http',
  member: 'UA/NGO/LASTRADA',
  capabilities: ['getCase', 'findCases', 'deliverReferral', 'readStatus', 'pushStatus'],
  identifiers: ['subject', 'localCaseNumber'],
  record: { subject: '/client/pseudonym', caseNumber: '/caseRef' },
  source: {
    baseUrl,
    auth: { header: 'Authorization', prefix: 'Bearer ', tokenEnv: 'NRX_TEST_HELPLINE_TOKEN' },
    cases: { path: '/api/cases', query: { subject: 'client', localCaseNumber: 'ref' }, items: '/data' },
    deliver: { path: '/api/referrals', method: 'POST', body: '{ "ref": id, "client": subject, "service": recipientService, "asked": requestedServices }' },
    status: { path: '/api/referrals/{referralId}/status' },
    pushStatus: { path: '/api/referrals/{referralId}/status', method: 'PUT', body: '{ "state": $uppercase(status), "n": sequence }' },
    health: { path: '/api/health' },
  },
  mapping: {
    case: [
      { from: '/client/pseudonym', to: '/sections/person/subject' },
      { from: '/client/gender', to: '/sections/person/sex', codes: { F: 'female', M: 'male' } },
      { from: '/client/born', to: '/sections/person/dateOfBirth', transform: 'date' },
      { jsonata: "$toMillis('2024-06-01') - $toMillis(client.born) < 18 * 365.25 * 86400000", to: '/sections/person/minor' },
      { from: '/client/langs', to: '/sections/person/languages' },
      { jsonata: "$not('sr' in client.langs)", to: '/sections/person/interpreterNeeded' },
      { from: '/assessments/*/id', to: '/sections/needs/*/id' },
      { from: '/assessments/*/open', jsonata: "$ ? 'open' : 'met'", to: '/sections/needs/*/status' },
      { from: '/assessments/*/area', to: '/sections/needs/*/category', codes: { HEALTH: 'medical', HOUSING: 'accommodation' } },
      { from: '/assessments/*/area', jsonata: "'person'", to: '/sections/needs/*/beneficiary' },
      { from: '/assessments/*/urgent', jsonata: "$ ? 'immediate' : 'short-term'", to: '/sections/needs/*/horizon' },
    ],
    status: [
      { const: '1.0.0', to: '/specVersion' },
      { from: '/updateId', to: '/id' },
      { from: '/ref', to: '/referralId' },
      { from: '/n', to: '/sequence' },
      { from: '/state', to: '/status', transform: 'lowercase' },
      { const: 'UA/NGO/LASTRADA', to: '/from' },
      { from: '/sender', to: '/to' },
      { from: '/changed', to: '/at' },
    ],
  },
});

describe('HTTP/REST connector', () => {
  let server: Server;
  let connector: MappedConnector;

  beforeAll(async () => {
    process.env.NRX_TEST_HELPLINE_TOKEN = token;
    server = await serve();
    connector = await createConnector(config(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  afterAll(async () => {
    await connector?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('maps nested JSON by pointer and JSONata into spec-valid sections, many subjects per request', async () => {
    const { records, problems } = await connector.getCases(['sub-lena-0001', 'sub-olga-0002']);
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({ connector: 'helpline-api', subject: 'sub-lena-0001', localCaseNumber: 'H-2024-17' });
    expect(records[0]!.sections.person).toEqual({ subject: 'sub-lena-0001', sex: 'female', dateOfBirth: '2007-09-30', minor: true, languages: ['uk', 'ru'], interpreterNeeded: true });
    expect(records[0]!.sections.needs).toEqual([
      { id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c01', status: 'open', category: 'medical', beneficiary: 'person', horizon: 'immediate' },
      { id: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c02', status: 'met', category: 'accommodation', beneficiary: 'person', horizon: 'short-term' },
    ]);
    expect(records[1]!.sections.person).toMatchObject({ minor: false, interpreterNeeded: false });
  });

  it('finds a case by its local number', async () => {
    const { records } = await connector.findCases([{ kind: 'localCaseNumber', value: 'H-2024-18' }]);
    expect(records.map((r) => r.subject)).toEqual(['sub-olga-0002']);
  });

  it('delivers a referral and pushes a status update through JSONata request bodies', async () => {
    const referral: ReferralDocument = {
      kind: 'referral', specVersion: '1.0.0', id: referralId, sender: 'RS/GOV/CPTV', recipient: 'UA/NGO/LASTRADA',
      recipientService: 'hotline', purpose: 'return-reintegration', created: '2024-05-01T07:00:00Z', subject: 'sub-lena-0001', requestedServices: ['return-reintegration'], sections: {},
    };
    await connector.deliverReferral(referral);
    expect(received.at(-1)).toEqual({ path: '/api/referrals', body: { ref: referralId, client: 'sub-lena-0001', service: 'hotline', asked: ['return-reintegration'] } });
    expect(await connector.readStatus(referralId)).toMatchObject({ kind: 'referral-status-update', status: 'accepted', sequence: 2, to: 'UA/IO/IOM' });
    expect(await connector.readStatus('00000000-0000-4000-8000-000000000001')).toBeNull();
    await connector.pushStatus({ kind: 'referral-status-update', specVersion: '1.0.0', id: '3f4a5b6c-7d8e-4f9a-8b1c-2d3e4f5a6b7c', referralId, sequence: 3, status: 'in-progress', from: 'RS/GOV/CPTV', to: 'UA/NGO/LASTRADA', at: '2024-05-02T07:00:00Z' });
    expect(received.at(-1)).toEqual({ path: `/api/referrals/${referralId}/status`, body: { state: 'IN-PROGRESS', n: 3 } });
  });

  it('reads the token from the environment variable the configuration names, and reports a refused one', async () => {
    process.env.NRX_TEST_HELPLINE_TOKEN = 'stale-token';
    const stale = await createConnector(config(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'helpline-stale'));
    process.env.NRX_TEST_HELPLINE_TOKEN = token;
    await expect(stale.getCase('sub-lena-0001')).rejects.toMatchObject({ connector: 'helpline-stale', code: 'AUTH_FAILED', message: expect.stringContaining('HTTP 401') });
    expect(JSON.stringify(config('http://x'))).not.toContain(token);
  });

  it('reports a response that is not JSON', async () => {
    mode = 'garbage';
    try {
      await expect(connector.getCase('sub-lena-0001')).rejects.toMatchObject({ code: 'SOURCE_ERROR', message: expect.stringContaining('not JSON') });
    } finally {
      mode = 'normal';
    }
  });

  it('reports a service with nothing listening as unreachable', async () => {
    const closed = await serve();
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await createConnector(config(`http://127.0.0.1:${port}`, 'helpline-down'));
    await expect(down.getCase('sub-lena-0001')).rejects.toMatchObject({ connector: 'helpline-down', code: 'UNREACHABLE' });
    expect(await down.health()).toMatchObject({ ok: false });
    expect(await connector.health()).toMatchObject({ ok: true });
  });
});
