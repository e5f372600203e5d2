import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { serverAudits } from 'graphql-http';
import { referralDocument, startTestGateway, type TestGateway } from '../support/federation.ts';

let gw: TestGateway;
let police: string;
let shelter: string;
let csr: string;

beforeAll(async () => {
  gw = await startTestGateway({ limits: { maxDepth: 12, maxAliases: 5, maxTokens: 2000, maxBodyBytes: 64 * 1024, maxListSize: 10, maxTokenLifetimeSeconds: 900 } });
  police = await gw.token('RS/GOV/POLICE');
  shelter = await gw.token('RS/NGO/ATINA', 'assistance');
  csr = await gw.token('RS/GOV/CSR-BG', 'child-protection');
});
afterAll(() => gw?.stop());

const REFERRAL_FIELDS = `id status sender recipient purpose subject document { id purpose sections { person { givenName familyName } } } statusHistory { status author document { status reasons reasonText } }`;

describe('GraphQL over HTTP', () => {
  it('passes every graphql-http server audit with a valid token', async () => {
    const fetchFn: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${police}`);
      return fetch(input, { ...init, headers });
    };
    const results = await Promise.all(serverAudits({ url: `${gw.gateway.url}/graphql`, fetchFn }).map((audit) => audit.fn()));
    const failures = results.flatMap((r) => (r.status === 'error' ? [`${r.id} ${r.name}: ${r.reason}`] : []));
    expect(failures).toEqual([]);
  });

  it('refuses a request without a token with 401 and the AuthError code', async () => {
    const { status, body } = await gw.graphql(undefined, '{ spec { version } }');
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('TOKEN_MISSING');
    expect(body.data).toBeUndefined();
  });

  it('refuses introspection without a token and serves it with one', async () => {
    const anonymous = await gw.graphql(undefined, '{ __schema { queryType { name } } }');
    expect(anonymous.status).toBe(401);
    const member = await gw.graphql(police, '{ __schema { queryType { name } } }');
    expect(member.body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses a token signed by a key that is not in the trust list', async () => {
    const { status, body } = await gw.graphql('eyJhbGciOiJFUzI1NiIsImtpZCI6Im5vcGUifQ.eyJpc3MiOiJ4In0.c2ln', '{ spec { version } }');
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toMatch(/KEY_UNKNOWN|TOKEN_MALFORMED|SIGNATURE_INVALID/);
  });

  it('serves the GraphiQL page without a token when enabled, and not otherwise', async () => {
    const response = await fetch(`${gw.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).not.toBe(200);
  });
});

describe('the referral workflow', () => {
  const doc = referralDocument({ sections: { person: { subject: 'test-subject-0001', givenName: 'Zorkana', familyName: 'Quillfeather' } } });

  it('submits a referral validated against the spec', async () => {
    const { body } = await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { ${REFERRAL_FIELDS} } }`, { d: doc });
    expect(body.errors).toBeUndefined();
    expect(body.data.submitReferral).toMatchObject({ id: doc.id, status: 'sent', sender: 'RS/GOV/POLICE', purpose: 'assistance' });
    expect(body.data.submitReferral.document.sections.person.givenName).toBe('Zorkana');
  });

  it('returns validator issues as SPEC_VALIDATION errors with pointers', async () => {
    // The input type takes a null purpose (every input field is optional); the spec does not.
    const bad = referralDocument({ purpose: null });
    const { body } = await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: bad });
    const error = body.errors[0];
    expect(error.extensions.code).toBe('SPEC_VALIDATION');
    expect(error.extensions.issues.some((i: any) => i.pointer === '/purpose' && i.keyword && i.message)).toBe(true);
    const missing = await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: { ...referralDocument(), sender: undefined } });
    expect(missing.body.errors[0].extensions).toMatchObject({ code: 'SPEC_VALIDATION', issues: [{ pointer: '', keyword: 'required', message: "missing required property 'sender'" }] });
  });

  it('refuses a code its codelist does not have, in a document, naming the field and the likely code', async () => {
    const bad = referralDocument({ purpose: 'sightseeing', sections: { person: { subject: 'test-subject-0001', sex: 'FEMALE' } } });
    const { body } = await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: bad });
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e: any) => e.message)).toEqual([
      `Variable "$d" got invalid value "sightseeing" at "d.purpose"; 'sightseeing' is not a code of the codelist 'purpose'`,
      `Variable "$d" got invalid value "FEMALE" at "d.sections.person.sex"; 'FEMALE' is not a code of the codelist 'sex'; did you mean 'female'?`,
    ]);
    expect(body.errors[1].extensions).toMatchObject({ code: 'UNKNOWN_CODE', codelist: 'sex', found: "'FEMALE'", suggestion: 'female', specifiedBy: 'https://nrx.exchange/spec/v1/codelists/sex.schema.json' });
    expect((await gw.graphql(police, `query($id: ID!) { referral(id: $id) { id } }`, { id: bad.id })).body.data.referral).toBeNull();
  });

  it('refuses a referral submitted in another member\'s name', async () => {
    const { body } = await gw.graphql(shelter, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: referralDocument() });
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('shows the referral to sender and recipient only', async () => {
    const q = `query($id: ID!) { referral(id: $id) { id } }`;
    expect((await gw.graphql(police, q, { id: doc.id })).body.data.referral.id).toBe(doc.id);
    expect((await gw.graphql(shelter, q, { id: doc.id })).body.data.referral.id).toBe(doc.id);
    expect((await gw.graphql(csr, q, { id: doc.id })).body.data.referral).toBeNull();
  });

  it('lets only the recipient decline, and the sender sees the decision in referralsSent', async () => {
    const m = `mutation($id: ID!) { respondToReferral(id: $id, decision: "decline", reasons: ["no-capacity"], note: "No free place until Monday.") { status } }`;
    expect((await gw.graphql(police, m, { id: doc.id })).body.errors[0].extensions.code).toMatch(/FORBIDDEN/);
    const { body } = await gw.graphql(shelter, m, { id: doc.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.respondToReferral.status).toBe('declined-by-provider');
    const sent = await gw.graphql(police, `{ referralsSent(first: 5, filter: { status: "declined-by-provider" }) { edges { node { ${REFERRAL_FIELDS} } } } }`);
    const node = sent.body.data.referralsSent.edges.find((e: any) => e.node.id === doc.id).node;
    expect(node.statusHistory[0]).toMatchObject({ status: 'declined-by-provider', author: 'RS/NGO/ATINA', document: { reasons: ['no-capacity'], reasonText: 'No free place until Monday.' } });
  });

  it('a decline without reasons fails the spec rule', async () => {
    const other = referralDocument();
    await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: other });
    const { body } = await gw.graphql(shelter, `mutation($id: ID!) { respondToReferral(id: $id, decision: "decline") { status } }`, { id: other.id });
    expect(body.errors[0].extensions.code).toBe('SPEC_VALIDATION');
  });

  it('a status update posted by the recipient reaches the sender', async () => {
    const third = referralDocument();
    await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: third });
    await gw.graphql(shelter, `mutation($id: ID!) { respondToReferral(id: $id, decision: "accept") { status } }`, { id: third.id });
    const update = {
      kind: 'referral-status-update', specVersion: '1.0.0', id: crypto.randomUUID(), referralId: third.id, sequence: 2,
      status: 'in-progress', previousStatus: 'accepted', from: 'RS/NGO/ATINA', to: 'RS/GOV/POLICE', at: '2025-05-02T08:00:00Z',
    };
    const posted = await gw.graphql(shelter, `mutation($id: ID!, $d: ReferralStatusUpdateInput!) { postStatusUpdate(referralId: $id, document: $d) { status author } }`, { id: third.id, d: update });
    expect(posted.body.errors).toBeUndefined();
    const seen = await gw.graphql(police, `query($id: ID!) { referral(id: $id) { status statusHistory { status } } }`, { id: third.id });
    expect(seen.body.data.referral).toEqual({ status: 'in-progress', statusHistory: [{ status: 'accepted' }, { status: 'in-progress' }] });
  });

  it('pages referralsReceived with cursors and refuses pages above maxListSize', async () => {
    const first = await gw.graphql(shelter, `{ referralsReceived(first: 2) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
    const page = first.body.data.referralsReceived;
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await gw.graphql(shelter, `query($after: String) { referralsReceived(first: 2, after: $after) { edges { node { id } } } }`, { after: page.pageInfo.endCursor });
    const ids = [...page.edges, ...next.body.data.referralsReceived.edges].map((e: any) => e.node.id);
    expect(new Set(ids).size).toBe(3);
    const tooMany = await gw.graphql(shelter, `{ referralsReceived(first: 11) { edges { cursor } } }`);
    expect(tooMany.body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
  });

  it('records and withdraws consent, shown in the subject case view', async () => {
    const consent = {
      kind: 'consent-record', specVersion: '1.0.0', id: crypto.randomUUID(), subject: 'test-subject-0001', decision: 'permit', state: 'active',
      grantor: { type: 'self' }, given: '2025-05-01T09:00:00Z', method: 'written', recordedBy: { member: 'RS/GOV/POLICE' },
    };
    const recorded = await gw.graphql(police, `mutation($d: ConsentRecordInput!) { recordConsent(document: $d) { id withdrawn } }`, { d: consent });
    expect(recorded.body.errors).toBeUndefined();
    const withdrawn = await gw.graphql(police, `mutation($id: ID!) { withdrawConsent(id: $id, at: "2025-06-01T10:00:00Z") { withdrawn withdrawnAt document { state withdrawal { at by } } } }`, { id: consent.id });
    expect(withdrawn.body.data.withdrawConsent).toMatchObject({ withdrawn: true, document: { state: 'withdrawn', withdrawal: { by: 'self' } } });
    const view = await gw.graphql(police, `{ subjectCase(subject: "test-subject-0001") { referralsSent { id } consents { id withdrawn } } }`);
    expect(view.body.data.subjectCase.referralsSent.length).toBeGreaterThanOrEqual(3);
    expect(view.body.data.subjectCase.consents).toEqual([{ id: consent.id, withdrawn: true }]);
  });

  it('serves the member directory with filters, and the spec version', async () => {
    const { body } = await gw.graphql(csr, `{ members(memberClass: "NGO") { id name agencyType } member(id: "RS/GOV/CPTV") { name } spec { version profile } }`);
    expect(body.data.members.map((m: any) => m.id).sort()).toEqual(['RS/NGO/ASTRA', 'RS/NGO/ATINA']);
    expect(body.data.member.name).toMatch(/coordinat|protection/i);
    expect(body.data.spec.version).toMatch(/^1\./);
  });

  it('filters by the standard\'s own codes, and says how to write one given as an enum literal', async () => {
    const { body } = await gw.graphql(csr, `{ members(country: "RS", agencyType: "shelter") { id country agencyType } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.members).toEqual([{ id: 'RS/NGO/ATINA', country: 'RS', agencyType: 'shelter' }]);
    const unquoted = await gw.graphql(csr, `{ members(country: RS) { id } }`);
    expect(unquoted.body.errors[0]).toMatchObject({ message: `'RS' is not a code of the codelist 'country'; codes are strings: write "RS" in quotes`, locations: [{ line: 1, column: 20 }], extensions: { code: 'UNKNOWN_CODE' } });
    const unknown = await gw.graphql(csr, `query($c: Country) { members(country: $c) { id } }`, { c: 'SRB' });
    expect(unknown.body.errors[0]).toMatchObject({ extensions: { code: 'UNKNOWN_CODE', codelist: 'country', found: "'SRB'" } });
  });

  it('never logs bodies, variables or personal data', async () => {
    const marker = referralDocument({ note: 'Vesnavika-Marker-7731', sections: { person: { subject: 'test-subject-0001', givenName: 'Orlisandra', familyName: 'Pendraxiwell' } } });
    await gw.graphql(police, `mutation($d: ReferralInput!) { submitReferral(document: $d) { id } }`, { d: marker });
    await gw.graphql(police, `{ referral(id: "${marker.id}") { document { note sections { person { givenName } } } } }`);
    const log = gw.logs.join('');
    expect(log).toContain('"path":"/graphql"');
    for (const secret of ['Orlisandra', 'Pendraxiwell', 'Vesnavika-Marker-7731', police.slice(-20)]) expect(log).not.toContain(secret);
  });
});

describe('limits', () => {
  it('refuses too many aliases and too deep queries with clear errors', async () => {
    const aliases = await gw.graphql(police, `{ a: spec { version } b: spec { version } c: spec { version } d: spec { version } e: spec { version } f: spec { version } }`);
    expect(aliases.body.errors[0].message).toMatch(/aliases limit of 5/i);
    // Consent provisions nest (exceptions to exceptions), so depth is unbounded without a limit.
    const nested = (levels: number) => `{ subjectCase(subject: "test-subject-0001") { consents { document { ${'provisions { '.repeat(levels)}type${' }'.repeat(levels)} } } } }`;
    expect((await gw.graphql(police, nested(3))).body.errors).toBeUndefined();
    const tooDeep = await gw.graphql(police, nested(12));
    expect(tooDeep.body.data ?? null, JSON.stringify(tooDeep.body).slice(0, 300)).toBeNull();
    expect(tooDeep.body.errors[0].message).toMatch(/depth limit of 12/i);
  });

  it('refuses too many tokens, directives or too costly a query, each with its own message', async () => {
    const tokens = await gw.graphql(police, `{ spec { ${'version '.repeat(2100)}} }`);
    expect(tokens.body.errors[0].message).toMatch(/token limit of 2000/i);
    const directives = await gw.graphql(police, `{ spec { ${Array.from({ length: 11 }, (_, i) => `v${i % 5}: version @include(if: true)`).slice(0, 5).join(' ')} version ${'@skip(if: false) '.repeat(7)} } }`);
    expect(directives.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/directives limit of 10/i);
    // Cost grows 1.5 times per level: some fifteen hundred scalars seven levels down pass every other limit and cost too much.
    const costly = await gw.graphql(police, `{ subjectCase(subject: "test-subject-0001") { consents { document { provisions { provisions { provisions { provisions { ${'type '.repeat(1500)}} } } } } } } }`);
    expect(costly.body.errors[0].message).toMatch(/cost limit of 20000/i);
  });

  it('hides field suggestions, which would name fields a caller never asked about', async () => {
    const { body } = await gw.graphql(police, `{ referal(id: "x") { id } }`);
    expect(body.errors[0].message).toMatch(/Cannot query field "referal"/);
    expect(body.errors[0].message).not.toMatch(/Did you mean|"referral"/);
  });

  it('refuses a body larger than maxBodyBytes with 413', async () => {
    const response = await fetch(`${gw.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${police}` },
      body: JSON.stringify({ query: '{ spec { version } }', variables: { pad: 'x'.repeat(70 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('BODY_TOO_LARGE');
  });

  /** POSTs `body` in chunks with no Content-Length (chunked transfer encoding); status and body of the answer. */
  function postChunked(token: string, body: string, chunk = 8 * 1024): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${gw.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      // The server may close the connection once it has answered 413: what the client was still writing is then lost.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
      for (let at = 0; at < body.length; at += chunk) req.write(body.slice(at, at + chunk));
      req.end();
    });
  }

  it('counts a streamed body as it arrives and refuses it past maxBodyBytes with 413', async () => {
    const { status, body } = await postChunked(police, JSON.stringify({ query: '{ spec { version } }', variables: { pad: 'x'.repeat(200 * 1024) } }));
    expect(status).toBe(413);
    expect(JSON.parse(body).errors[0].extensions).toMatchObject({ code: 'BODY_TOO_LARGE', max: 64 * 1024 });
  });

  it('answers a streamed body within maxBodyBytes', async () => {
    const { status, body } = await postChunked(police, JSON.stringify({ query: '{ spec { version } }', variables: { pad: 'x'.repeat(30 * 1024) } }), 4 * 1024);
    expect(status).toBe(200);
    expect(JSON.parse(body).data.spec.version).toMatch(/^1\./);
  });
});

describe('the other HTTP endpoints', () => {
  it('answers discovery, health and readiness', async () => {
    const discovery = await (await fetch(`${gw.gateway.url}/`)).json();
    expect(discovery).toMatchObject({ gatewayId: 'RS/GOV/CPTV', spec: { version: expect.stringMatching(/^1\./) } });
    expect(discovery.endpoints.graphql).toMatch(/\/graphql$/);
    expect((await fetch(`${gw.gateway.url}/health`)).status).toBe(200);
    expect((await fetch(`${gw.gateway.url}/ready`)).status).toBe(200);
  });

  it('serves its GraphQL SDL without a token: the repository\'s schema/nrx.graphql for the base spec', async () => {
    const discovery = await (await fetch(`${gw.gateway.url}/`)).json();
    expect(discovery.endpoints.sdl).toMatch(/\/graphql\/sdl$/);
    const response = await fetch(`${gw.gateway.url}/graphql/sdl`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const sdl = await response.text();
    expect(sdl).toBe(readFileSync(new URL('../../../schema/nrx.graphql', import.meta.url), 'utf8'));
    expect(sdl).toContain('scalar Country @specifiedBy(url: "https://nrx.exchange/spec/v1/codelists/country.schema.json")');
    expect(sdl).toContain('submitReferral(document: ReferralInput!): ReferralRecord!');
  });

  it('serves the spec schemas at their $id paths', async () => {
    const response = await fetch(`${gw.gateway.url}/spec/v1/referral.schema.json`);
    expect(response.status).toBe(200);
    expect((await response.json()).$id).toBe('https://nrx.exchange/spec/v1/referral.schema.json');
  });

  it('validates a posted document with line numbers', async () => {
    const text = JSON.stringify(referralDocument({ urgency: 'whenever' }), null, 2);
    const response = await fetch(`${gw.gateway.url}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    const result = await response.json();
    expect(result.valid).toBe(false);
    const issue = result.issues.find((i: any) => i.pointer === '/urgency');
    expect(issue.line).toBe(text.split('\n').findIndex((l) => l.includes('"urgency"')) + 1);
  });

  it('publishes its public signing key without private parts', async () => {
    const jwks = await (await fetch(`${gw.gateway.url}/.well-known/jwks.json`)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kty).toBe('EC');
    expect(jwks.keys[0].d).toBeUndefined();
  });
});
